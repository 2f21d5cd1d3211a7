export * from "./enums";
export * from "./identity";
export * from "./inventory";
export * from "./operations";
export * from "./sales";
export * from "./distribution-enums";
export * from "./distribution";
