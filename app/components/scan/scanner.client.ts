import { acceptCode, chooseDecoder, NATIVE_FORMATS, type DecoderChoice } from "./choose-decoder";

// BarcodeDetector is not in TypeScript's DOM library yet: the part used here.
type DetectedBarcode = { rawValue: string };
type BarcodeDetectorLike = { detect: (source: CanvasImageSource) => Promise<DetectedBarcode[]> };
type BarcodeDetectorClass = {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats: () => Promise<string[]>;
};

/** A frame in, the texts of the barcodes it shows out. */
type ReadFrame = (video: HTMLVideoElement) => Promise<string[]>;

/** How long between two looks at the camera: about seven frames a second keeps a cheap phone cool. */
const INTERVAL_MS = 150;
/** Frames are scaled down to this width before zxing reads them: enough for a code filling a third of it. */
const MAX_FRAME_WIDTH = 960;

async function nativeFormats(): Promise<string[] | null> {
  const detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!detector) return null;
  try {
    return await detector.getSupportedFormats();
  } catch {
    return null;
  }
}

function nativeReader(): ReadFrame {
  const Detector = (globalThis as unknown as { BarcodeDetector: BarcodeDetectorClass }).BarcodeDetector;
  const detector = new Detector({ formats: [...NATIVE_FORMATS] });
  return async (video) => (await detector.detect(video)).map((b) => b.rawValue);
}

async function zxingReader(): Promise<ReadFrame> {
  // Downloaded only now, when a camera opens on a browser without its own detector.
  const { readRetailCodes } = await import("./zxing.client");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) throw new Error("no 2d canvas");
  return async (video) => {
    const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    return readRetailCodes(context.getImageData(0, 0, canvas.width, canvas.height));
  };
}

/** A short beep through WebAudio and a buzz where the phone can: the code was read. */
export function signalSuccess(audio: AudioContext | null) {
  navigator.vibrate?.(80);
  if (!audio) return;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.frequency.value = 1800;
  gain.gain.value = 0.2;
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start();
  oscillator.stop(audio.currentTime + 0.12);
}

export type Scanner = { decoder: DecoderChoice; stop: () => void };

/**
 * Opens the rear camera into `video` and looks for a retail barcode until one reads with a valid
 * check digit, then stops the camera and hands the code over. `stop` ends it early (closing the
 * panel, leaving the page). Rejects when the camera is refused or missing.
 */
export async function startScanner(video: HTMLVideoElement, onCode: (code: string) => void): Promise<Scanner> {
  const decoder = chooseDecoder({
    camera: !!navigator.mediaDevices?.getUserMedia,
    nativeFormats: await nativeFormats(),
  });
  if (decoder === "none") throw new Error("no camera API");
  // The camera and the decoder load side by side: the wasm download overlaps the permission prompt.
  const [stream, read] = await Promise.all([
    navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
    }),
    decoder === "native" ? nativeReader() : zxingReader(),
  ]);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  video.srcObject = stream;
  video.muted = true;
  video.setAttribute("playsinline", "");
  await video.play();
  const look = async () => {
    if (stopped) return;
    try {
      if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        const code = (await read(video)).map(acceptCode).find((c) => c !== null);
        if (code && !stopped) {
          stop();
          onCode(code);
          return;
        }
      }
    } catch {
      // A frame that cannot be read (the stream just ended, a decoder hiccup): try the next one.
    }
    if (!stopped) timer = setTimeout(look, INTERVAL_MS);
  };
  void look();
  return { decoder, stop };
}
