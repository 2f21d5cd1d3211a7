import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireOrgContext } from "~/auth/guard.server";
import { FormError, Notice, SubmitButton, type ActionErrors } from "~/components/forms";
import { Card, useProduceFormat } from "~/components/produce/bits";
import { newId } from "~/domain/ids.server";
import { gradeConsignmentSchema } from "~/domain/produce/fields.server";
import { gradeConsignment } from "~/domain/produce/grade-consignment.server";
import { consignmentForDistributor } from "~/domain/produce/produce-views.server";
import { attempt, load } from "~/http/errors.server";
import { parseForm } from "~/http/forms.server";
import { useT } from "~/i18n/use-t";
import "~/i18n/audiences/produce";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireOrgContext(request, "consignment.view");
  const consignment = await load(ctx.locale, () => consignmentForDistributor(ctx, params.consignmentId ?? ""));
  return { consignment, requestId: newId() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireOrgContext(request, "consignment.grade");
  const formData = await request.formData();
  const form = parseForm(formData, gradeConsignmentSchema, ctx.locale);
  if (!form.ok) return form.reply;
  const id = params.consignmentId ?? "";
  const result = await attempt(ctx.locale, () => gradeConsignment(ctx, id, form.data), formData);
  if (!result.ok) return result.reply;
  throw redirect(`/distributor/produce/consignments/${id}?done=graded`);
}

const INPUT = "min-h-12 rounded-lg border border-stone-300 bg-white px-2 text-base";

/** The warehouse grades each lot that came up on the return leg; the store is credited the sum. */
export default function GradeConsignment() {
  const { consignment: c, requestId } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionErrors;
  const [params] = useSearchParams();
  const { t, money } = useT();
  const f = useProduceFormat();
  return (
    <div className="mx-auto flex w-full max-w-xl flex-col gap-3">
      <Link to="/distributor/produce" className="flex min-h-11 items-center self-start text-sm text-brand-700">
        ← {t("produce.title")}
      </Link>
      <h1 className="text-xl font-bold">
        {c.otherName} · {c.pickupDate}
      </h1>
      <p className="text-sm" data-testid="consignment-status">
        {t(`produce.status.${c.status}`)}
        {c.signedBy ? ` · ${t("produce.pickup.signedBy", { name: c.signedBy })}` : ""}
      </p>
      {params.get("done") === "graded" && !errors ? (
        <Notice>{t("produce.grade.done", { amount: money(c.settledFen ?? 0) })}</Notice>
      ) : null}
      <FormError errors={errors} />
      {c.status === "picked_up" ? (
        <Form method="post" className="flex flex-col gap-3" noValidate key={requestId}>
          <input type="hidden" name="requestId" value={errors?.values?.requestId ?? requestId} />
          {c.lines.map((l) => (
            <Card key={l.id} testId="grade-line">
              <input type="hidden" name="lineId" value={l.id} />
              <p className="font-semibold">
                {l.produce} {l.grade} · {f.qty(l.unit, l.pickedQty ?? 0)}
              </p>
              <p className="text-xs text-stone-500">
                {l.batchNo} · {f.price(l.unit, l.listPriceFen)}
              </p>
              <select name="result" aria-label={t("produce.grade.result")} className={INPUT} defaultValue="accepted">
                <option value="accepted">{t("produce.result.accepted")}</option>
                <option value="downgraded">{t("produce.result.downgraded")}</option>
                <option value="rejected">{t("produce.result.rejected")}</option>
              </select>
              <div className="grid grid-cols-2 gap-2">
                <input
                  name="newGrade"
                  aria-label={t("produce.grade.newGrade")}
                  placeholder={t("produce.grade.newGrade")}
                  className={INPUT}
                />
                <input
                  name="price"
                  inputMode="decimal"
                  aria-label={t("produce.grade.newPrice")}
                  placeholder={t("produce.grade.newPrice")}
                  className={INPUT}
                />
              </div>
              <input
                name="reason"
                aria-label={t("produce.grade.reason")}
                placeholder={t("produce.grade.reason")}
                className={INPUT}
              />
            </Card>
          ))}
          {errors?.fieldErrors ? (
            <ul className="text-sm text-red-700" role="alert">
              {Object.entries(errors.fieldErrors).map(([k, v]) => (
                <li key={k}>{v}</li>
              ))}
            </ul>
          ) : null}
          <SubmitButton>{t("produce.grade.submit")}</SubmitButton>
        </Form>
      ) : (
        <Card testId="graded-lines">
          <ul className="divide-y divide-stone-100 text-sm">
            {c.lines.map((l) => (
              <li key={l.id} className="py-1">
                {l.produce} {l.grade} · {f.qty(l.unit, l.pickedQty ?? l.offeredQty)}
                {l.result ? ` · ${t(`produce.result.${l.result}`)}` : ""}
                {l.newGrade ? ` → ${l.newGrade}` : ""}
                {l.gradedPriceFen !== null ? ` · ${f.price(l.unit, l.gradedPriceFen)}` : ""}
                {l.amountFen !== null ? ` · ${money(l.amountFen)}` : ""}
                {l.rejectReason ? ` · ${l.rejectReason}` : ""}
              </li>
            ))}
          </ul>
          {c.settledFen !== null ? (
            <p className="font-semibold" data-testid="settled">
              {t("produce.settled", { amount: money(c.settledFen) })}
            </p>
          ) : null}
        </Card>
      )}
    </div>
  );
}
