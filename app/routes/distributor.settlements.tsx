import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { SettlementsTable } from "~/components/payments/settlements-table";
import { settlementsOf } from "~/domain/payments/settlements.server";

/** 定金结算: what the deposits of successful group buys move between alliance and distributor. */
export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "settlement.view");
  return settlementsOf(ctx);
}

export default function DistributorSettlements() {
  const data = useLoaderData<typeof loader>();
  return <SettlementsTable rows={data.rows} totalFen={data.totalFen} side={data.side} />;
}
