export * from "./common";
export * from "./case";
export * from "./event";
export * from "./condition";
export * from "./playbook";
export * from "./decision";
export * from "./api";
export * from "./resources";
