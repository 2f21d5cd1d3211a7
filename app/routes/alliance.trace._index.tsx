import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { BatchList } from "~/components/trace/chain";
import { listSupplierBatches } from "~/domain/trace/list-supplier-batches.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "allianceTrace.view");
  return { batches: listSupplierBatches(ctx) };
}

/** The alliance's supplier batches, newest first: each opens its chain (decision 047). */
export default function AllianceBatches() {
  const { batches } = useLoaderData<typeof loader>();
  return <BatchList batches={batches} base="/alliance/trace" />;
}
