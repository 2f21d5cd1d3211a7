import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RouteForm } from "~/components/distribution/route-form";
import { RouteSummary } from "~/components/distribution/route-summary";
import type { ActionErrors } from "~/components/forms";
import { createRoute, createRouteSchema, listRoutes } from "~/domain/distribution/save-route.server";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "route.view");
  return { routes: listRoutes(ctx), requestId: newId() };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "route.save");
  const formData = await request.formData();
  const form = parseForm(formData, createRouteSchema, ctx.locale);
  if (!form.ok) {
    // The echoed values keep one value per name; the form needs every ticked day back.
    form.reply.data.values = { ...form.reply.data.values, weekdays: formData.getAll("weekdays").join(",") };
    return form.reply;
  }
  const result = await attempt(ctx.locale, () => createRoute(ctx, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect("/distributor/routes");
}

export default function Routes() {
  const { routes, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <>
      <h1 className="text-xl font-bold">{t("routes.title")}</h1>
      <p className="max-w-3xl text-sm text-stone-600">{t("routes.hint")}</p>
      {routes.length ? (
        <ul className="grid max-w-5xl gap-3 md:grid-cols-2">
          {routes.map((route) => (
            <li key={route.id}>
              <Link
                to={`/distributor/routes/${route.id}`}
                className="flex flex-col gap-1 rounded-xl bg-white p-3 shadow-sm"
              >
                <span className="font-semibold">
                  {route.name}
                  {route.active ? null : (
                    <span className="ml-2 text-xs font-normal text-stone-500">{t("routes.inactive")}</span>
                  )}
                </span>
                {route.areas ? <span className="text-sm text-stone-600 break-words">{route.areas}</span> : null}
                <RouteSummary
                  weekdays={route.weekdays}
                  cutoffTime={route.cutoffTime}
                  cutoffDaysBefore={route.cutoffDaysBefore}
                  next={route.next}
                />
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-stone-500">{t("routes.empty")}</p>
      )}
      <section className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm md:max-w-xl">
        <h2 className="font-semibold">{t("routes.new")}</h2>
        <RouteForm
          key={requestId}
          errors={errors}
          requestId={requestId}
          submitLabel={t("routes.new")}
          values={{ name: "", areas: "", weekdays: "", cutoffTime: "18:00", cutoffDaysBefore: "1", active: true }}
        />
      </section>
    </>
  );
}
