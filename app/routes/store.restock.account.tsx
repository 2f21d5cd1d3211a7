import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { AccountEntries } from "~/components/restock/account-entries";
import { accountList, accountOf } from "~/domain/restock/account.server";
import { load } from "~/http/errors.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-office";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "restock.view");
  const accounts = accountList(ctx);
  const chosen = new URL(request.url).searchParams.get("d") ?? (accounts.length === 1 ? accounts[0].otherOrgId : null);
  return { accounts, account: chosen ? await load(ctx.locale, () => accountOf(ctx, chosen)) : null };
}

/** The store's account with each distributor: what it was charged, paid and credited. */
export default function StoreAccount() {
  const { accounts, account } = useLoaderData<typeof loader>();
  const { t, money } = useT();
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <h1 className="flex-1 text-xl font-bold">{t("restock.account.title")}</h1>
        <Link to="/store/restock" className="flex min-h-11 items-center px-1 text-sm text-brand-700 underline">
          {t("restock.title")}
        </Link>
      </div>
      {accounts.length === 0 ? <p className="text-stone-500">{t("restock.account.empty")}</p> : null}
      {accounts.length > 1 ? (
        <ul className="flex flex-col gap-2">
          {accounts.map((a) => (
            <li key={a.otherOrgId}>
              <Link
                to={`?d=${a.otherOrgId}`}
                className="flex min-h-12 items-center justify-between rounded-lg bg-white px-3 shadow-sm"
              >
                <span>{a.name}</span>
                <span className="font-semibold tabular-nums">{money(a.balanceFen)}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {account ? <AccountEntries account={account} /> : null}
    </div>
  );
}
