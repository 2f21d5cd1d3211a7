import type Stripe from "stripe";

// The objects the local server keeps, in Stripe's shapes (the fields the app and the SDK read).

export type Session = {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer: null;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: "payment";
  payment_intent: string | null;
  payment_method_options: Record<string, unknown>;
  payment_method_types: string[];
  payment_status: "paid" | "unpaid";
  status: "open" | "complete" | "expired";
  success_url: string | null;
  url: string | null;
  /** Not Stripe's: what the payment intent is made with when the payer pays. */
  _intent: { capture_method: "automatic"; metadata: Record<string, string>; destination: string | null; fee: number };
};

export type Intent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_received: number;
  currency: string;
  status: Stripe.PaymentIntent.Status;
  capture_method: "automatic" | "automatic_async" | "manual";
  client_secret: string;
  created: number;
  livemode: false;
  metadata: Record<string, string>;
  payment_method_types: string[];
  latest_charge: string | null;
  last_payment_error: { code: string; message: string; type: string } | null;
  next_action: null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  transfer_data: { destination: string } | null;
  application_fee_amount: number | null;
};

export type Refund = {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  failure_reason: string | null;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: "pending" | "succeeded" | "failed" | "canceled";
  transfer_reversal: string | null;
};

export type StripeEventRecord = { id: string; type: string; payload: string; deliveries: number[] };

export type Account = {
  id: string;
  object: "account";
  type: "express" | "standard" | "custom";
  business_type: string | null;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  country: string;
  default_currency: string;
  email: string | null;
  created: number;
  metadata: Record<string, string>;
  capabilities: Record<string, "active" | "inactive" | "pending">;
};

export type AccountLink = { object: "account_link"; created: number; expires_at: number; url: string };

/** Money moved to a connected account by a destination charge, and what refunds took back. */
export type Transfer = {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  currency: string;
  destination: string;
  source_transaction: string;
  reversed: boolean;
  created: number;
};
