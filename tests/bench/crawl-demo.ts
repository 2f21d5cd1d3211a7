import { LOCALES } from "../../app/i18n/locale";
import { openPhone, recordPageErrors } from "../support/browser";
import { DEMO_WALKERS, walkAccount } from "../support/walk";
import { demoServerLoggedIn } from "./demo-server";

/**
 * tests/browser/demo-walk.test.ts's walk on today's clock, the demo seeded now as `npm start`
 * seeds it (the test pins the clock): every demo account opens each page its links reach, one
 * per route shape, at 360×740, in Chinese and in English, and the pages that answer an error, log a browser error or are
 * wider than the phone are listed. Exit code 1 if any. Before a release:
 *
 *   npm run build && node --import tsx tests/bench/crawl-demo.ts
 *
 * CRAWL_USERS (comma-separated phones) and CRAWL_MAX (pages per organisation, default 150).
 */
const USERS = process.env.CRAWL_USERS?.split(",") ?? DEMO_WALKERS;
const MAX = Number(process.env.CRAWL_MAX ?? 150);

async function main() {
  const { server, stop } = await demoServerLoggedIn();
  let problems = 0;
  try {
    for (const locale of LOCALES)
      for (const user of USERS) {
        const phone = await openPhone({ width: 360, height: 740 });
        const errors: string[] = [];
        recordPageErrors(phone.page, errors);
        try {
          for (const walk of await walkAccount(phone.page, server.url, user, "demo1234", errors, MAX, locale)) {
            console.log(
              `${user} (${locale}) from ${walk.start}: ${walk.pages} pages, ${walk.problems.length} problems`,
            );
            for (const p of walk.problems) console.log(`  ${p}`);
            problems += walk.problems.length;
          }
        } finally {
          await phone.close();
        }
      }
  } finally {
    await stop();
  }
  if (problems) process.exitCode = 1;
}

await main();
