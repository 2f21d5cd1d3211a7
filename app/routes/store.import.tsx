import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { BackLink } from "~/components/page-top";
import { ImportReport, UploadForm } from "~/components/upload-form";
import { newId } from "~/domain/ids.server";
import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  IMPORT_MAX_SIZE,
  importFormSchema,
  importProducts,
} from "~/domain/inventory/import-products.server";
import { columnLabel } from "~/domain/inventory/product-csv.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readFileUpload, rowErrorsReply } from "~/http/upload.server";
import { translator } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/store-stock";

type Answer = {
  done?: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
  rowErrors?: string[];
  more?: number;
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "product.import");
  return { requestId: newId(), maxBytes: IMPORT_MAX_BYTES, maxSize: IMPORT_MAX_SIZE, maxRows: IMPORT_MAX_ROWS };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "product.import");
  const upload = await readFileUpload(request, ctx.locale, { maxBytes: IMPORT_MAX_BYTES, maxSize: IMPORT_MAX_SIZE });
  if (!upload.ok) return upload.reply;
  const form = parseForm(upload.formData, importFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () =>
    importProducts(ctx, { requestId: form.data.requestId, bytes: upload.bytes }),
  );
  if (!result.ok) return result.reply;
  const { created, updated, errors } = result.value;
  if (errors.length > 0) return rowErrorsReply(ctx.locale, errors, columnLabel);
  const t = translator(ctx.locale);
  return { done: t("import.done", { created, updated }) };
}

export default function ImportProducts() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const { t } = useT();
  return (
    <div className="flex flex-col gap-4">
      <BackLink to="/store">{t("nav.home")}</BackLink>
      <h1 className="text-xl font-bold">{t("import.title")}</h1>
      <UploadForm
        action="/store/import"
        accept=".csv,text/csv"
        label={t("import.file")}
        submitLabel={t("import.submit")}
        requestId={loaded.requestId}
        maxBytes={loaded.maxBytes}
        maxSize={loaded.maxSize}
        report={
          <ImportReport
            answer={answer}
            doneLink={
              <Link to="/store/products" className="font-semibold underline">
                {t("import.viewProducts")}
              </Link>
            }
          />
        }
      />
      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 text-sm text-stone-600 shadow-sm">
        <p>{t("import.hint")}</p>
        <p>{t("import.rules")}</p>
        <p>{t("import.limits", { rows: loaded.maxRows, size: loaded.maxSize })}</p>
        <a
          href="/store/import/template.csv"
          download
          className="flex min-h-11 items-center font-semibold text-brand-700 underline"
        >
          {t("import.template")}
        </a>
      </section>
    </div>
  );
}
