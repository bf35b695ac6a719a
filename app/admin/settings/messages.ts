// Texts of the workspace settings page. `en` is typed `typeof es`, so a key missing in one language fails tsc.
const es = {
  nav: "Ajustes",
  title: "Ajustes del espacio",
  intro: "Reglas que valen para todo el espacio de trabajo. Cada cambio queda en el historial de configuración.",
  approvalTitle: "Aprobación de cambios",
  requireApproval: "Exigir aprobación antes de publicar",
  explain: [
    "Cuatro ojos: una versión nueva solo pasa a producción después de que otra persona con el rol de operación la aprueba, con un comentario.",
    "Nunca la aprueba quien la hizo ni quien pidió la aprobación.",
    "Si la versión cambia después de pedir la aprobación, la aprobación ya no vale: hay que revisarla otra vez.",
    "Volver a una versión que ya estuvo en vivo (revertir) no necesita aprobación.",
  ],
  saving: "Guardando…",
  savedOn: "Guardado: ahora se exige aprobación antes de publicar.",
  savedOff: "Guardado: ya no se exige aprobación antes de publicar.",
  failed: "No se pudo guardar: {message}",
};

export type SettingsMessages = typeof es;

const en: SettingsMessages = {
  nav: "Settings",
  title: "Workspace settings",
  intro: "Rules for the whole workspace. Every change is kept in the configuration history.",
  approvalTitle: "Approving changes",
  requireApproval: "Require approval before publishing",
  explain: [
    "Four eyes: a new version only goes live after a second person with the operator role approves it, with a comment.",
    "Neither the person who made it nor the one who asked for the approval can approve it.",
    "If the version changes after the request, the approval no longer holds: it has to be reviewed again.",
    "Going back to a version that was live before (rollback) needs no approval.",
  ],
  saving: "Saving…",
  savedOn: "Saved: publishing now requires approval.",
  savedOff: "Saved: publishing no longer requires approval.",
  failed: "Could not save: {message}",
};

export const settingsMessages = { es, en };
export function settingsText(locale: "es" | "en"): SettingsMessages {
  return settingsMessages[locale];
}
