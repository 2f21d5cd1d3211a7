import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { useT } from "~/i18n/use-t";

/** One error page for every route: a 4xx shows the server's message in the user's language. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  let message = t("error.unexpected");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const body = error.data as { message?: string } | string | null;
    message = typeof body === "object" && body?.message ? body.message : status === 404 ? t("error.notFound") : message;
  } else if (typeof document !== "undefined") {
    console.error(error);
  }
  return (
    <main className="mx-auto flex max-w-md flex-col gap-4 p-4">
      <h1 className="text-xl font-bold">
        {t("error.title")} ({status})
      </h1>
      <p>{message}</p>
      <Link
        to="/"
        className="flex min-h-12 items-center justify-center rounded-lg bg-brand-700 font-semibold text-white"
      >
        {t("error.goHome")}
      </Link>
    </main>
  );
}
