// Texts of a case's SLA panel. `en` is typed `typeof es`.
const es = {
  title: "Niveles de servicio (SLA)",
  none: "Este caso no tiene relojes de SLA: su decisión de ruteo no aplicó una política que defina un playbook de escalamiento publicado.",
  metric: { first_response: "Primera respuesta", next_response: "Siguiente respuesta", resolution: "Resolución" },
  status: { running: "En curso", paused: "En pausa (esperando al cliente)", stopped: "Detenido" },
  met: "Cumplido",
  missed: "Incumplido",
  breached: "Vencido",
  used: "{used} de {target} min",
  business: "hábiles, calendario {calendar}",
  calendar: "corridos",
  dueAt: "Vence",
  breachedAt: "Venció",
  stoppedAt: "Detenido",
  policy: "Política {policy} de {playbook}",
};
export type SlaMessages = typeof es;
const en: SlaMessages = {
  title: "Service levels (SLA)",
  none: "This case has no SLA clocks: its routing decision applied no policy that a published escalation playbook defines.",
  metric: { first_response: "First response", next_response: "Next response", resolution: "Resolution" },
  status: { running: "Running", paused: "Paused (waiting on the customer)", stopped: "Stopped" },
  met: "Met",
  missed: "Missed",
  breached: "Breached",
  used: "{used} of {target} min",
  business: "business, calendar {calendar}",
  calendar: "calendar time",
  dueAt: "Due",
  breachedAt: "Breached",
  stoppedAt: "Stopped",
  policy: "Policy {policy} of {playbook}",
};
export const slaMessages = { es, en };
