import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import bwipjs from "bwip-js/node";
import { gs1CheckDigit } from "../../app/domain/inventory/barcode";
import { TEST_OUTPUT } from "./paths";

export const FFMPEG = process.env.FFMPEG_PATH ?? "ffmpeg";

export type RetailFormat = "ean13" | "ean8" | "upca";

const DIGITS: Record<RetailFormat, number> = { ean13: 13, ean8: 8, upca: 12 };

let serial = 0;

/** A code of the format with a valid check digit, unique within the test run. */
export function retailCode(format: RetailFormat): string {
  const length = DIGITS[format] - 1;
  serial += 1;
  // A start digit that keeps each format apart (UPC-A "0…" would equal an EAN-13 "00…").
  const body =
    `${format === "upca" ? 7 : format === "ean8" ? 5 : 69}${process.pid}${serial}${Math.floor(performance.now())}`
      .replace(/\D/g, "")
      .padEnd(length, "3")
      .slice(0, length);
  return body + gs1CheckDigit(body);
}

/**
 * A printed barcode as Chromium's fake camera sees it: bwip-js draws the code (black on white,
 * with its human-readable digits), ffmpeg places it on a 640×480 white frame and writes a few
 * seconds of it as Y4M, which `--use-file-for-fake-video-capture` plays in a loop.
 */
export async function barcodeVideo(format: RetailFormat, code: string): Promise<string> {
  const dir = path.join(TEST_OUTPUT, "fake-camera");
  fs.mkdirSync(dir, { recursive: true });
  const png = path.join(dir, `${format}-${code}.png`);
  const y4m = path.join(dir, `${format}-${code}.y4m`);
  const image = await bwipjs.toBuffer({
    bcid: format,
    text: code,
    scale: 3,
    height: 20,
    includetext: true,
    backgroundcolor: "FFFFFF",
    paddingwidth: 12,
    paddingheight: 8,
  });
  fs.writeFileSync(png, image);
  const ffmpeg = spawnSync(
    FFMPEG,
    [
      ...["-y", "-loglevel", "error", "-loop", "1", "-i", png, "-t", "1", "-r", "10"],
      ...[
        "-vf",
        "scale=560:400:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p",
      ],
      ...["-f", "yuv4mpegpipe", y4m],
    ],
    { encoding: "utf8" },
  );
  if (ffmpeg.status !== 0) throw new Error(`ffmpeg failed (${ffmpeg.status}): ${ffmpeg.error ?? ffmpeg.stderr}`);
  return y4m;
}

/** Chromium flags: the video file as the camera, and the permission prompt answered "allow". */
export function fakeCameraArgs(y4m: string): string[] {
  return [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${y4m}`,
  ];
}
