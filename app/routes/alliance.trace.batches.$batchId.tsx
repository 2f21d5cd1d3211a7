import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { ChainPage } from "~/components/trace/chain";
import { supplierBatchChain } from "~/domain/trace/supplier-batch-chain.server";
import { load } from "~/http/errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "allianceTrace.view");
  return { chain: await load(ctx.locale, () => supplierBatchChain(ctx, params.batchId ?? "")) };
}

/** One supplier batch's chain: supplier, order, campaign up; the warehouses that received it down. */
export default function BatchChainPage() {
  const { chain } = useLoaderData<typeof loader>();
  return <ChainPage chain={chain} base="/alliance/trace" back="/alliance/trace" actions={false} />;
}
