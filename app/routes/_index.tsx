import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/auth/guard.server";
import { homePathFor } from "~/auth/home.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await getOptionalUser(request);
  if (!auth) throw redirect("/login");
  throw redirect(homePathFor(auth));
}
