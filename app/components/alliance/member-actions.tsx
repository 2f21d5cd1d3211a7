import { Form } from "@remix-run/react";
import type { MembershipStatus } from "~/domain/alliances/kinds";
import { useT } from "~/i18n/use-t";

const ACTIONS: Record<MembershipStatus, ("approve" | "reject" | "remove" | "reinstate")[]> = {
  requested: ["approve", "reject"],
  active: ["remove"],
  rejected: ["reinstate"],
  removed: ["reinstate"],
};

/** The coordinator's buttons for one membership; plain forms posting to the members page. */
export function MemberActions({
  memberId,
  status,
  back = "members",
}: {
  memberId: string;
  status: MembershipStatus;
  back?: "home" | "members";
}) {
  const { t } = useT();
  return (
    <Form method="post" action="/alliance/members" className="flex flex-wrap gap-2">
      <input type="hidden" name="memberId" value={memberId} />
      <input type="hidden" name="back" value={back} />
      {ACTIONS[status].map((decision) => (
        <button
          key={decision}
          type="submit"
          name="decision"
          value={decision}
          className={`min-h-11 rounded-lg px-4 text-sm font-semibold ${
            decision === "approve" || decision === "reinstate"
              ? "bg-brand-700 text-white"
              : "border border-stone-300 bg-white text-stone-700"
          }`}
        >
          {t(`alliance.members.${decision}`)}
        </button>
      ))}
    </Form>
  );
}
