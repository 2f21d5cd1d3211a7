import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireOrgContext } from "~/auth/guard.server";
import { openNotice } from "~/domain/alliances/notices.server";
import { load } from "~/http/errors.server";
import "~/i18n/audiences/store-office";

// Only the action: the notices are listed on the store home.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "notice.view");
  throw redirect("/store");
}

/** Opening a notice marks it read and goes where it points (a plain form post: works without JS). */
export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "notice.view");
  const formData = await request.formData();
  const id = String(formData.get("id") ?? "");
  // Another organisation's notice is a 404 page (this route has no form to show an error in).
  const { link } = await load(ctx.locale, () => openNotice(ctx, id));
  // Only our own pages: a notice's link is written by the app, but never follow one off-site.
  throw redirect(link && link.startsWith("/") && !link.startsWith("//") ? link : "/store");
}
