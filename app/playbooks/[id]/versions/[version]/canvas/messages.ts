// Texts of the read-only canvas of a playbook version. `en` is typed `typeof es`.
const es = {
  crumb: "Lienzo",
  title: "{name}: lienzo de la versión {n}",
  readOnly: "Versión {n} en solo lectura. Para cambiarla, edita el borrador del playbook.",
  decision: "Decisión {id}: el camino que siguió el caso está resaltado; las ramas que no tomó aparecen atenuadas.",
  backToDecision: "Volver a la decisión",
  backToVersion: "Ver la versión como reglas",
  editDraft: "Editar el borrador",
  otherKind: "Solo los playbooks de enrutamiento tienen lienzo.",
};

export type CanvasPageMessages = typeof es;

const en: CanvasPageMessages = {
  crumb: "Canvas",
  title: "{name}: canvas of version {n}",
  readOnly: "Version {n}, read only. To change it, edit the playbook's draft.",
  decision: "Decision {id}: the path the case took is highlighted; the branches it did not take are dimmed.",
  backToDecision: "Back to the decision",
  backToVersion: "See the version as rules",
  editDraft: "Edit the draft",
  otherKind: "Only routing playbooks have a canvas.",
};

export const canvasPageMessages = { es, en };
