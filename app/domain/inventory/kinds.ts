export { ADJUSTMENT_REASONS, MOVEMENT_KINDS, type AdjustmentReason, type MovementKind } from "@db/schema/enums";
