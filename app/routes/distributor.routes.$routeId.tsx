import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { RouteForm } from "~/components/distribution/route-form";
import type { ActionErrors } from "~/components/forms";
import { BackLink } from "~/components/page-top";
import { routeOf, routeSchema, updateRoute } from "~/domain/distribution/save-route.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "route.view");
  return { route: await load(ctx.locale, () => routeOf(ctx.db, ctx, params.routeId ?? "")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "route.save");
  const formData = await request.formData();
  const form = parseForm(formData, routeSchema, ctx.locale);
  if (!form.ok) {
    // The echoed values keep one value per name; the form needs every ticked day back.
    form.reply.data.values = { ...form.reply.data.values, weekdays: formData.getAll("weekdays").join(",") };
    return form.reply;
  }
  const result = await attempt(ctx.locale, () => updateRoute(ctx, params.routeId ?? "", form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect("/distributor/routes");
}

export default function EditRoute() {
  const { route } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const { t } = useT();
  return (
    <>
      <BackLink to="/distributor/routes">{t("routes.title")}</BackLink>
      <h1 className="text-xl font-bold">{t("routes.edit")}</h1>
      <RouteForm
        errors={errors}
        submitLabel={t("action.save")}
        values={{ ...route, cutoffDaysBefore: String(route.cutoffDaysBefore) }}
      />
    </>
  );
}
