export * from "./api-keys";
export * from "./playbooks";
export * from "./cases";
export * from "./decisions";
export * from "./audit";
export * from "./users";
export * from "./lifecycle";
