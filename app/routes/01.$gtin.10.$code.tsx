import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { publicContext } from "~/auth/guard.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PublicTrace } from "~/components/trace/public-trace";
import { publicTrace } from "~/domain/trace/public-trace.server";
import { load } from "~/http/errors.server";
import "~/i18n/audiences/trace-public";

// A lot's public trace page, opened from a label's QR code without an account (decision 040).
// GS1 Digital Link shape: /01/{GTIN-14}/10/{code}?17=YYMMDD (the GTIN must be the product's own).
// Cached briefly by anyone: it holds nothing personal, and a recall must show within a minute.
export const headers: HeadersFunction = () => ({
  "Cache-Control": "public, max-age=60",
  "Referrer-Policy": "no-referrer",
});

export const meta: MetaFunction = () => [{ name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, locale } = await publicContext(request);
  return { trace: await load(locale, () => publicTrace(db, params.code ?? "", params.gtin ?? "")) };
}

export default function PublicTracePage() {
  const { trace } = useLoaderData<typeof loader>();
  return <PublicTrace trace={trace} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
