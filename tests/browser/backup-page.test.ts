import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { logInAs, openPhone, overflowsHorizontally, recordPageErrors, screenshot } from "../support/browser";
import { makeDistributor } from "../support/distribution";
import { TEST_OUTPUT } from "../support/paths";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer | undefined;
const dir = fs.mkdtempSync(path.join(TEST_OUTPUT, "backup-page-"));
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("shows the distributor admin the replica and the snapshots on a phone, without JavaScript", async () => {
  server = await startTestServer({
    env: { BACKUP_REPLICA_URL: path.join(dir, "replica"), BACKUP_SNAPSHOT_DIR: path.join(dir, "snapshots") },
  });
  const { user } = await makeDistributor(server.db);
  const phone = await openPhone({ javaScriptEnabled: false });
  const errors: string[] = [];
  recordPageErrors(phone.page, errors);
  try {
    await logInAs(phone.page, server.url, user.phone, user.password);
    await expect
      .poll(
        async () => {
          await phone.page.goto(`${server!.url}/distributor/backup`);
          return phone.page.getByTestId("backup-replica").getAttribute("data-problem");
        },
        { timeout: 20_000 },
      )
      .toBe("");
    await expect.poll(() => phone.page.getByTestId("backup-lag").isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await phone.page.getByTestId("backup-last-sync").textContent()).toMatch(/\d/);
    expect(await phone.page.getByTestId("backup-snapshots").textContent()).toContain("还没有快照");
    expect(await overflowsHorizontally(phone.page)).toBe(false);
    await screenshot(phone.page, "backup-page");
    expect(errors).toEqual([]);
  } finally {
    await phone.close();
  }
});

it("warns the admin on the distributor home when there is no backup, and leads to the 备份 page", async () => {
  const bare = await startTestServer();
  const { user } = await makeDistributor(bare.db);
  const phone = await openPhone({ javaScriptEnabled: false });
  try {
    await logInAs(phone.page, bare.url, user.phone, user.password);
    await phone.page.goto(`${bare.url}/distributor`);
    const banner = phone.page.getByTestId("backup-problem");
    expect(await banner.textContent()).toContain("数据没有异地备份");
    expect(await overflowsHorizontally(phone.page)).toBe(false);
    await screenshot(phone.page, "backup-home-warning");
    await banner.getByRole("link").click();
    await phone.page.waitForURL(/\/distributor\/backup$/);
    expect(await phone.page.getByTestId("backup-replica").getAttribute("data-problem")).toBe("no-replica");
  } finally {
    await phone.close();
    await bare.stop();
  }
});
