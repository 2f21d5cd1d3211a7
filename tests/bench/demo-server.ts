import { openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed/demo";
import setup from "../setup/global-setup";
import { copyBaseDb } from "../support/db";
import { Client, startTestServer } from "../support/server";
import { demoStore } from "./demo-store";

/**
 * The production build serving a fresh copy of the demo, with a client logged in as its owner
 * (13800000001) in 张庄村便民超市: what the browser benches load pages from. `stop` ends both.
 */
export async function demoServerLoggedIn() {
  const teardown = setup();
  const dbFile = copyBaseDb();
  const db = openDatabase(dbFile);
  await seedDemo(db);
  const store = demoStore(db);
  db.$client.close();
  const server = await startTestServer({ dbFile, env: { CLOCK_START: "" } });
  const stop = async () => {
    await server.stop();
    teardown();
  };
  try {
    const client = new Client(server.url);
    await client.logIn("13800000001", "demo1234");
    await client.useOrg(store.id);
    return { server, client, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
