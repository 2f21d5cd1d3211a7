import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { ChainPage } from "~/components/trace/chain";
import { lotChain } from "~/domain/trace/lot-chain.server";
import { load } from "~/http/errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "trace.view");
  return { chain: await load(ctx.locale, () => lotChain(ctx, params.lotId ?? "")) };
}

/** One lot's chain both ways: origin up, shipments and sales down (decision 040). */
export default function LotChainPage() {
  const { chain } = useLoaderData<typeof loader>();
  return <ChainPage chain={chain} base="/distributor/trace" back="/distributor/trace" />;
}
