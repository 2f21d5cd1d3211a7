import "~/i18n/dictionaries.server";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteLoaderData,
  type ClientLoaderFunctionArgs,
} from "@remix-run/react";
import { useEffect } from "react";
import { shellData } from "~/auth/guard.server";
import { isOfflineShell } from "~/offline/shell.server";
import { AppHeader } from "~/components/app-header";
import { useNonce } from "~/components/nonce";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AfterPaintScript, InlineStyles } from "~/components/document-inlines";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icon-192.png" },
];

export const meta: MetaFunction = () => [{ title: "村链 VillageLink" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // The offline shell carries no one's data (decision 032).
  if (isOfflineShell(request)) return { locale: "zh-CN" as const, user: null, orgs: [], activeOrgId: null };
  return shellData(request);
}

/** Offline, the frame keeps what it last showed rather than failing (decision 032). */
let lastFrame: Awaited<ReturnType<typeof loader>> | undefined;
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  try {
    lastFrame = await serverLoader<typeof loader>();
    return lastFrame;
  } catch (error) {
    if (error instanceof Response) throw error;
    return lastFrame ?? { locale: "zh-CN" as const, user: null, orgs: [], activeOrgId: null };
  }
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang={data?.locale ?? "zh-CN"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#166534" />
        <Meta />
        <InlineStyles />
        <Links />
      </head>
      <body className="min-h-dvh">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <AfterPaintScript nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  // Says the page is interactive (React owns it): browser tests wait for it before they type,
  // so a value filled into server-rendered HTML is never raced by hydration.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  const active = data.orgs.find((o) => o.orgId === data.activeOrgId) ?? null;
  return (
    <>
      <AppHeader
        orgName={active?.name ?? null}
        orgKinds={active ? [active.kind] : data.orgs.map((o) => o.kind)}
        signedIn={!!data.user}
      />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
