import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { localeCookie } from "~/auth/cookies.server";
import { getOptionalUser, publicContext } from "~/auth/guard.server";
import { safeRedirect } from "~/auth/home.server";
import { setUserLocale } from "~/domain/identity/preferences.server";
import { isLocale } from "~/i18n/locale";

export async function loader() {
  throw redirect("/");
}

/** The language switch: a cookie for this device, and the user's preference when signed in. */
export async function action({ request }: ActionFunctionArgs) {
  const { db } = await publicContext(request);
  const formData = await request.formData();
  const locale = formData.get("locale");
  const back = safeRedirect(formData.get("redirectTo"));
  if (!isLocale(locale)) throw redirect(back);
  const auth = await getOptionalUser(request);
  if (auth) setUserLocale(db, auth.user.id, locale);
  throw redirect(back, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}
