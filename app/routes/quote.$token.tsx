import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { publicContext } from "~/auth/guard.server";
import { RequestId } from "~/components/alliance/hidden";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, Notice, Select, SubmitButton, type ActionErrors } from "~/components/forms";
import { EvidenceRanges } from "~/components/negotiation/evidence";
import { termsOf } from "~/components/negotiation/request-header";
import { CERTIFICATE_KINDS } from "~/domain/alliances/kinds";
import { fenToYuanString } from "~/domain/money";
import { newId } from "~/domain/ids.server";
import { draftSchema, quoteFormSchema, uploadFieldsSchema } from "~/domain/negotiation/fields.server";
import { MAX_ALT_TIERS } from "~/domain/negotiation/figures";
import { attachSupplierFile } from "~/domain/negotiation/supplier-attach-file.server";
import { openSupplierLink, supplierView } from "~/domain/negotiation/supplier-link.server";
import { saveQuoteDraft } from "~/domain/negotiation/supplier-save-draft.server";
import { submitQuote } from "~/domain/negotiation/supplier-submit-quote.server";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from "~/domain/negotiation/uploads.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { readIntent } from "~/http/intents.server";
import { readFileUpload } from "~/http/upload.server";
import { translate, type MessageKey } from "~/i18n/messages";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/supplier";

// The supplier's page (decision 036): no account, the link is the credential. Never cached, and
// the token never leaves in a Referer to another site (same-origin, not no-referrer: that would
// make a JavaScript-off form post send `Origin: null`, which the server refuses as cross-site).
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "same-origin" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, clock, locale } = await publicContext(request);
  const view = await load(locale, () => supplierView(openSupplierLink(db, clock, params.token!)));
  return { ...view, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, clock, locale } = await publicContext(request);
  const opened = await attempt(locale, () => openSupplierLink(db, clock, params.token!));
  if (!opened.ok) return opened.reply;
  const link = opened.value;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readFileUpload(request, locale, { maxBytes: MAX_UPLOAD_BYTES, maxSize: MAX_UPLOAD_LABEL });
    if (!upload.ok) return upload.reply;
    const form = parseForm(upload.formData, uploadFieldsSchema, locale);
    if (!form.ok) return form.reply;
    const file = upload.formData.get("file") as File;
    const result = await attempt(locale, () =>
      attachSupplierFile(link, form.data, { name: file.name, bytes: upload.bytes }),
    );
    if (!result.ok) return result.reply;
    return data({ notice: translate(locale, "negotiation.quote.uploaded") });
  }
  const formData = await request.formData();
  const intent = readIntent(formData, ["draft", "submit"], locale);
  if (!intent.ok) return intent.reply;
  if (intent.value === "draft") {
    const form = parseForm(formData, draftSchema, locale);
    if (!form.ok) return form.reply;
    const result = await attempt(locale, () => saveQuoteDraft(link, form.data.draft), formData);
    if (!result.ok) return result.reply;
    return data({ notice: translate(locale, "negotiation.quote.draftSaved") });
  }
  const form = parseForm(formData, quoteFormSchema, locale);
  if (!form.ok) return form.reply;
  const result = await attempt(locale, () => submitQuote(link, form.data), formData);
  if (!result.ok) return result.reply;
  return data({ notice: translate(locale, "negotiation.quote.submitted", { n: result.value.version }) });
}

type Reply = ActionErrors & { notice?: string };

export default function QuotePage() {
  const view = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const errors = reply?.notice ? undefined : reply;
  const { t, money, dateTime } = useT();
  const { request } = view;
  const latest = view.versions.at(-1);
  // What the form starts with: what was just typed (a refusal), else the draft, else the latest version.
  const initial = (name: string): string | undefined => {
    if (view.draft?.[name] !== undefined) return view.draft[name];
    if (!latest) return undefined;
    const band = /^price(\d)$/.exec(name);
    if (band) return fenToYuanString(latest.bands[Number(band[1])]?.priceFen ?? 0);
    const fallback = /^fallback(\d)$/.exec(name);
    if (fallback) {
      const f = latest.bands[Number(fallback[1])]?.fallbackPriceFen;
      return f ? fenToYuanString(f) : undefined;
    }
    if (name === "deliveryFen") return fenToYuanString(latest.deliveryFen);
    const value = (latest as unknown as Record<string, unknown>)[name];
    return value === null || value === undefined ? undefined : String(value);
  };
  return (
    <main id="main" className="mx-auto flex max-w-xl flex-col gap-4 px-3 py-4">
      <h1 className="text-xl font-bold break-words">
        {t("negotiation.quote.title")}: {request.title}
      </h1>
      <p className="text-sm break-words text-stone-600">
        {t("negotiation.quote.from", { alliance: view.allianceName, supplier: view.supplierName })}
      </p>
      <p className="font-medium" data-testid="deadline">
        {t("negotiation.quote.deadline", { time: dateTime(request.deadlineAt) })}
      </p>
      {view.outcome === "awarded" ? <Notice>{t("negotiation.quote.awarded")}</Notice> : null}
      {view.outcome === "declined" ? <Notice>{t("negotiation.quote.declined")}</Notice> : null}
      {reply?.notice ? <Notice>{reply.notice}</Notice> : null}
      <FormError errors={errors} />

      <section className="flex flex-col gap-1 rounded-xl bg-white p-3 text-sm shadow-sm">
        <p className="break-words">{termsOf(request).join(" · ")}</p>
        {request.certificatesRequired.length ? (
          <p>
            {t("negotiation.field.certs")}:{" "}
            {request.certificatesRequired.map((k) => t(`alliance.cert.kind.${k}` as MessageKey)).join("、")}
          </p>
        ) : null}
        {request.qualityNote ? <p className="break-words">{request.qualityNote}</p> : null}
        <p>
          {t("negotiation.field.delivery")}: {t(`negotiation.delivery.${request.delivery}`)}
          {request.deliveryNote ? ` · ${request.deliveryNote}` : ""}
        </p>
        <p>{t("negotiation.quote.terms", { days: request.paymentTermsDays })}</p>
      </section>
      {view.evidence ? <EvidenceRanges evidence={view.evidence} /> : null}
      <p className="text-xs text-stone-500">{t("negotiation.quote.privacy")}</p>

      {view.rounds.map((r) => (
        <p
          key={r.id}
          className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm break-words"
          data-testid="round"
        >
          {t("negotiation.quote.round", { n: r.number, time: dateTime(r.answerBy), message: r.message })}
        </p>
      ))}

      {view.canAnswer ? (
        <Form method="post" className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm" key={`${view.requestId}`}>
          <RequestId value={view.requestId} />
          {request.bands.map((b, i) => (
            <div key={b} className="grid grid-cols-2 gap-2">
              <Field
                label={t("negotiation.quote.price", { packs: b })}
                name={`price${i}`}
                inputMode="decimal"
                defaultValue={initial(`price${i}`)}
                errors={errors}
                required
              />
              <Field
                label={t("negotiation.quote.fallback")}
                name={`fallback${i}`}
                inputMode="decimal"
                defaultValue={initial(`fallback${i}`)}
                errors={errors}
                optional
              />
            </div>
          ))}
          <div className="grid grid-cols-2 gap-2">
            <Field
              label={t("negotiation.quote.minimum")}
              name="minimumPacks"
              inputMode="numeric"
              defaultValue={initial("minimumPacks") ?? String(request.bands[0] ?? "")}
              errors={errors}
              required
            />
            <Field
              label={t("negotiation.quote.lead")}
              name="leadTimeDays"
              inputMode="numeric"
              defaultValue={initial("leadTimeDays")}
              errors={errors}
              required
            />
          </div>
          <div className="grid grid-cols-2 gap-2">
            <Field
              label={t("negotiation.quote.validUntil")}
              name="validUntil"
              type="date"
              defaultValue={initial("validUntil")}
              errors={errors}
              required
            />
            <Field
              label={t("negotiation.quote.paymentTerms")}
              name="paymentTermsDays"
              inputMode="numeric"
              defaultValue={initial("paymentTermsDays") ?? String(request.paymentTermsDays)}
              errors={errors}
              required
            />
          </div>
          <Field
            label={t("negotiation.quote.delivery")}
            name="deliveryFen"
            inputMode="decimal"
            defaultValue={initial("deliveryFen") ?? "0"}
            errors={errors}
            required
          />
          <Field
            label={t("negotiation.quote.note")}
            name="note"
            defaultValue={initial("note")}
            errors={errors}
            optional
          />
          <details>
            <summary className="min-h-11 cursor-pointer content-center text-sm font-medium text-brand-700">
              {t("negotiation.quote.alt")}
            </summary>
            {Array.from({ length: MAX_ALT_TIERS }, (_, i) => (
              <div key={i} className="grid grid-cols-2 gap-2">
                <Field
                  label={t("negotiation.quote.altPacks")}
                  name={`altPacks${i}`}
                  inputMode="numeric"
                  defaultValue={view.draft?.[`altPacks${i}`]}
                  errors={errors}
                  optional
                />
                <Field
                  label={t("negotiation.quote.altPrice")}
                  name={`altPrice${i}`}
                  inputMode="decimal"
                  defaultValue={view.draft?.[`altPrice${i}`]}
                  errors={errors}
                  optional
                />
              </div>
            ))}
          </details>
          <div className="grid grid-cols-2 gap-2">
            <button
              type="submit"
              name="intent"
              value="draft"
              className="min-h-12 rounded-lg border border-brand-700 font-semibold text-brand-700"
            >
              {t("negotiation.quote.saveDraft")}
            </button>
            <SubmitButton name="intent" value="submit">
              {t("negotiation.quote.submit")}
            </SubmitButton>
          </div>
        </Form>
      ) : (
        <p className="text-sm text-stone-600">{t("negotiation.quote.closed")}</p>
      )}

      {view.versions.length ? (
        <section className="flex flex-col gap-2">
          <h2 className="font-semibold">{t("negotiation.quote.history")}</h2>
          <ol className="flex flex-col gap-2" data-testid="versions">
            {view.versions.map((v) => (
              <li key={v.id} className="rounded-xl bg-white p-3 text-sm shadow-sm">
                <p className="font-medium">
                  {t("negotiation.quote.version", { n: v.version, time: dateTime(v.submittedAt) })}
                </p>
                <p className="tabular-nums">{v.bands.map((b) => `${b.minPacks}: ${money(b.priceFen)}`).join(" · ")}</p>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {view.canAnswer ? (
        <Form
          method="post"
          encType="multipart/form-data"
          className="flex flex-col gap-3 rounded-xl bg-white p-3 shadow-sm"
        >
          <h2 className="font-semibold">{t("negotiation.quote.files")}</h2>
          <RequestId value={view.requestId} />
          <Select
            label={t("negotiation.quote.fileKind")}
            name="kind"
            options={[
              { value: "certificate", label: t("negotiation.quote.fileKind.certificate") },
              { value: "price_sheet", label: t("negotiation.quote.fileKind.price_sheet") },
            ]}
          />
          <Select
            label={t("negotiation.quote.certKind")}
            name="certKind"
            options={CERTIFICATE_KINDS.map((k) => ({ value: k, label: t(`alliance.cert.kind.${k}`) }))}
          />
          <Field label={t("negotiation.quote.certTitle")} name="certTitle" errors={errors} optional />
          <Field label={t("negotiation.quote.certNumber")} name="certNumber" errors={errors} optional />
          <Field
            label={t("negotiation.quote.certValidUntil")}
            name="certValidUntil"
            type="date"
            errors={errors}
            optional
          />
          <label className="text-sm font-medium">
            {t("negotiation.quote.file")}
            <input
              type="file"
              name="file"
              accept="image/jpeg,image/png,image/webp,application/pdf"
              className="mt-1 block min-h-12 w-full"
            />
          </label>
          <SubmitButton>{t("negotiation.quote.upload")}</SubmitButton>
          {view.files.length ? (
            <ul className="text-sm" data-testid="files">
              {view.files.map((f) => (
                <li key={f.id} className="break-all">
                  {t(`negotiation.quote.fileKind.${f.kind}`)}: {f.fileName}
                </li>
              ))}
            </ul>
          ) : null}
        </Form>
      ) : null}
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
