import { BackLink } from "~/components/page-top";
import type { requestDetail } from "~/domain/negotiation/negotiation-detail.server";
import { useT } from "~/i18n/use-t";

type Request = ReturnType<typeof requestDetail>["request"];

/** What is asked for, as the coordinator and the supplier both read it: category, spec, pack, brands. */
export function termsOf(request: {
  category: string;
  spec: string | null;
  packSize: number;
  baseUnit: string;
  packUnit: string;
  brands: string | null;
}): string[] {
  return [
    request.category,
    request.spec,
    `${request.packSize}${request.baseUnit}/${request.packUnit}`,
    request.brands,
  ].filter((part): part is string => Boolean(part));
}

/** The top of the coordinator's page: the request's terms in a few lines. */
export function RequestHeader({ request }: { request: Request }) {
  const { t, dateTime } = useT();
  return (
    <>
      <BackLink to="/alliance/negotiations">{t("negotiation.title")}</BackLink>
      <h1 className="text-xl font-bold break-words">{request.title}</h1>
      <p className="text-sm text-stone-600 break-words">
        {[t(`negotiation.status.${request.status}`), ...termsOf(request)].join(" · ")}
      </p>
      <p className="text-sm">{t("negotiation.quote.deadline", { time: dateTime(request.deadlineAt) })}</p>
      <p className="text-sm text-stone-600">
        {t("negotiation.field.bands")}: {request.bands.join(" / ")}
      </p>
    </>
  );
}
