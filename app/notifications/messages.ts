// Texts of the in-app notifications. `en` is typed `typeof es`, so a key missing in one language fails tsc.
const es = {
  nav: "Avisos",
  unreadBadge: "{n} sin leer",
  title: "Avisos",
  intro: "Lo que las reglas piden avisar (acción «notificar»), del más reciente al más antiguo. Marcar como leído vale para todo el equipo.",
  none: "No hay avisos.",
  onlyUnread: "Solo sin leer",
  markAll: "Marcar todos como leídos",
  markRead: "Marcar como leído",
  read: "Leído",
  unread: "Sin leer",
  readBy: "Leído por {who}",
  target: "Destino",
  openCase: "Ver el caso",
  kinds: { case: "Caso nuevo", event: "Evento del caso", timer: "Escalamiento", crisis: "Crisis", simulation: "Simulación" },
  failed: "No se pudo: {message}",
};

export type NotificationMessages = typeof es;

const en: NotificationMessages = {
  nav: "Notifications",
  unreadBadge: "{n} unread",
  title: "Notifications",
  intro: "What rules asked to notify (the “notify” action), newest first. Marking one read marks it for the whole team.",
  none: "No notifications.",
  onlyUnread: "Unread only",
  markAll: "Mark all read",
  markRead: "Mark read",
  read: "Read",
  unread: "Unread",
  readBy: "Read by {who}",
  target: "Target",
  openCase: "Open the case",
  kinds: { case: "New case", event: "Case event", timer: "Escalation", crisis: "Crisis", simulation: "Simulation" },
  failed: "Could not do it: {message}",
};

export const notificationMessages = { es, en };
export function notificationText(locale: "es" | "en"): NotificationMessages {
  return notificationMessages[locale];
}
