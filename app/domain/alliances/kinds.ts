// Browser-safe re-exports of the alliance constants, for routes and components.
export {
  CAMPAIGN_STATUSES,
  CERTIFICATE_KINDS,
  MEMBERSHIP_STATUSES,
  type CampaignStatus,
  type CertificateKind,
  type MembershipStatus,
  type PaymentStatus,
} from "@db/schema/alliance-enums";
