import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { LotList } from "~/components/trace/chain";
import { listLots } from "~/domain/trace/list-lots.server";
import "~/i18n/audiences/store-office";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "trace.view");
  return { lots: listLots(ctx) };
}

/** The store's lots, newest first: each opens its chain (decision 040). */
export default function TraceLots() {
  const { lots } = useLoaderData<typeof loader>();
  return <LotList lots={lots} base="/store/trace" />;
}
