import type { CDPSession } from "playwright-core";
import { openPhone, type Phone } from "../support/browser";
import type { Client } from "../support/server";

/** A CPU profile as Chromium's profiler gives it. */
export type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};

/**
 * A phone (Chromium at 360 px) with the demo client's session and its CPU slowed 4×, as
 * Lighthouse's mobile setting does: what the browser benches load pages on. Close it with
 * `phone.close()`.
 */
export async function slowPhone(serverUrl: string, client: Client): Promise<{ phone: Phone; cdp: CDPSession }> {
  const phone = await openPhone();
  try {
    await phone.context.addCookies(
      client
        .cookieHeader()
        .split("; ")
        .map((c) => {
          const [name, ...value] = c.split("=");
          return { name, value: value.join("="), url: serverUrl };
        }),
    );
    const cdp = await phone.context.newCDPSession(phone.page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    return { phone, cdp };
  } catch (error) {
    await phone.close();
    throw error;
  }
}

/** The main thread's busy time in a profile, ms: every sample but idle and the profiler's own. */
export function busyMs(profile: CpuProfile): number {
  const idle = new Set(
    profile.nodes.filter((n) => ["(idle)", "(program)"].includes(n.callFrame.functionName)).map((n) => n.id),
  );
  return profile.samples.reduce((ms, id, i) => (idle.has(id) ? ms : ms + (profile.timeDeltas[i] ?? 0) / 1000), 0);
}
