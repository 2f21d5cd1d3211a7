import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { ImportReport, UploadForm } from "~/components/upload-form";
import { BackLink } from "~/components/page-top";
import { catalogColumnLabel } from "~/domain/distribution/catalog-sheet.server";
import {
  CATALOG_IMPORT_MAX_BYTES,
  CATALOG_IMPORT_MAX_ROWS,
  CATALOG_IMPORT_MAX_SIZE,
  catalogImportFormSchema,
  importCatalog,
} from "~/domain/distribution/import-catalog.server";
import { newId } from "~/domain/ids.server";
import { attempt } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readFileUpload, rowErrorsReply } from "~/http/upload.server";
import { translator } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";

type Answer = { done?: string; formError?: string; rowErrors?: string[]; more?: number };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOrgContext(request, "catalog.import");
  return {
    requestId: newId(),
    maxBytes: CATALOG_IMPORT_MAX_BYTES,
    maxSize: CATALOG_IMPORT_MAX_SIZE,
    maxRows: CATALOG_IMPORT_MAX_ROWS,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "catalog.import");
  const upload = await readFileUpload(request, ctx.locale, {
    maxBytes: CATALOG_IMPORT_MAX_BYTES,
    maxSize: CATALOG_IMPORT_MAX_SIZE,
  });
  if (!upload.ok) return upload.reply;
  const form = parseForm(upload.formData, catalogImportFormSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const result = await attempt(ctx.locale, () =>
    importCatalog(ctx, { requestId: form.data.requestId, bytes: upload.bytes }),
  );
  if (!result.ok) return result.reply;
  const { created, updated, errors } = result.value;
  if (errors.length > 0) return rowErrorsReply(ctx.locale, errors, catalogColumnLabel);
  const t = translator(ctx.locale);
  return { done: t("catalogImport.done", { created, updated }) };
}

export default function ImportCatalog() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Answer | undefined;
  const { t } = useT();
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <BackLink to="/distributor/catalog">{t("catalog.title")}</BackLink>
      <h1 className="text-xl font-bold">{t("catalogImport.title")}</h1>
      <UploadForm
        action="/distributor/catalog/import"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        label={t("catalogImport.file")}
        submitLabel={t("import.submit")}
        requestId={loaded.requestId}
        maxBytes={loaded.maxBytes}
        maxSize={loaded.maxSize}
        report={
          <ImportReport
            answer={answer}
            doneLink={
              <Link to="/distributor/catalog" className="font-semibold underline">
                {t("catalog.title")}
              </Link>
            }
          />
        }
      />
      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 text-sm text-stone-600 shadow-sm">
        <p>{t("catalogImport.hint")}</p>
        <p>{t("catalogImport.rules")}</p>
        <p>{t("catalogImport.limits", { rows: loaded.maxRows, size: loaded.maxSize })}</p>
        <a
          href="/distributor/catalog/template.csv"
          download
          className="flex min-h-11 items-center font-semibold text-brand-700 underline"
        >
          {t("catalogImport.template")}
        </a>
      </section>
    </div>
  );
}
