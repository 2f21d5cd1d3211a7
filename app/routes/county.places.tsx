import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { countyTownships, importPlaces } from "~/domain/county/places.server";
import { attempt } from "~/http/errors.server";
import { readFileUpload } from "~/http/upload.server";
import { useT } from "~/i18n/use-t";

const MAX_BYTES = 2 * 1024 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.home");
  return { townships: countyTownships(ctx) };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "county.places.import");
  const upload = await readFileUpload(request, ctx.locale, { maxBytes: MAX_BYTES, maxSize: "2 MB" });
  if (!upload.ok) return upload.reply;
  const text = new TextDecoder("utf-8").decode(upload.bytes).replace(/^\uFEFF/, "");
  const result = await attempt(ctx.locale, () => importPlaces(ctx, text));
  if (!result.ok) return result.reply;
  return { done: result.value };
}

/** The director imports the county's townships and villages (a CSV of codes); all or nothing. */
export default function CountyPlacesPage() {
  const { townships } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useT();
  return (
    <>
      <h1 className="text-xl font-bold">{t("county.places.title")}</h1>
      <p className="text-sm text-stone-600">{t("county.places.intro")}</p>
      {reply && "done" in reply ? (
        <p role="status" className="rounded-lg bg-green-50 p-3 text-sm text-green-800">
          {t("county.places.done", reply.done)}
        </p>
      ) : null}
      {reply && "formError" in reply ? (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {reply.formError}
        </p>
      ) : null}
      <Form
        method="post"
        encType="multipart/form-data"
        className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm"
      >
        <label className="flex flex-col gap-1 text-sm">
          {t("county.places.file")}
          <input type="file" name="file" accept=".csv,text/csv" required className="min-h-11" />
        </label>
        <button type="submit" className="min-h-11 rounded-lg bg-brand-700 px-3 text-sm font-semibold text-white">
          {t("county.places.submit")}
        </button>
      </Form>
      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 shadow-sm">
        <h2 className="font-semibold">{t("county.places.current")}</h2>
        <ul className="grid grid-cols-1 gap-1 text-sm sm:grid-cols-2" data-testid="townships">
          {townships.map((p) => (
            <li key={p.code} className="tabular-nums">
              {`${p.code} ${p.name}`}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
