"use client";
// "New playbook": a name, an id suggested from it (editable), then the editor. Only for roles that
// may import playbooks; the server checks again.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useI18n } from "@/app/_i18n/client";
import { useCan } from "@/app/_server/auth/session-client";
import { useTRPC } from "@/app/_trpc/client";
import { CreatePlaybookRequest, DOCUMENT_KINDS, FLOW_KINDS, type PlaybookKind } from "@/schemas";
import { editorText } from "./_editor/messages";
import { Field } from "./_editor/settings/fields";
import { suggestSlug } from "./slug";
import "./_editor/settings/settings.css";

const es = {
  open: "Nuevo playbook",
  title: "Nuevo playbook",
  kind: "Tipo",
  intro: "Se crea vacío, sin versiones: lo dibujas en el lienzo (tono y OKR se completan en un formulario) y un operador lo publica cuando esté listo.",
  name: "Nombre",
  id: "Identificador",
  idHint: "Identifica el playbook en la API y en las decisiones; no se puede cambiar después. Letras minúsculas, dígitos, «-» o «_».",
  description: "Descripción (opcional)",
  language: "Idioma de las respuestas",
  languages: { es: "Español", en: "Inglés", pt: "Portugués" },
  create: "Crear y abrir el lienzo",
  createForm: "Crear y abrir el formulario",
  formKinds: {
    names: { tone: "Tono de marca", okr: "OKR" },
    hints: {
      tone: "La personalidad de servicio, reglas por canal y frases prohibidas; revisa cada respuesta redactada.",
      okr: "Objetivos y resultados clave medidos con los datos de Pauta, con su avance en un panel.",
    },
  },
  creating: "Creando…",
  cancel: "Cancelar",
  errors: {
    nameRequired: "Escribe un nombre.",
    idRequired: "Escribe un id.",
    idFormat: "Usa letras minúsculas, dígitos, «-» o «_», empezando por letra o dígito (p. ej. leads-mexico).",
    idTaken: "Ya existe un playbook con ese id: elige otro.",
    tooLong: "Es demasiado largo.",
    forbidden: "Tu rol no permite crear playbooks.",
    failed: "No se pudo crear el playbook: {message}",
  },
};
type NewPlaybookMessages = typeof es;
const en: NewPlaybookMessages = {
  open: "New playbook",
  title: "New playbook",
  kind: "Kind",
  intro: "It starts empty, with no versions: draw it on the canvas (tone and OKR are filled in on a form) and an operator publishes it when it is ready.",
  name: "Name",
  id: "Identifier",
  idHint: "Names the playbook in the API and in decisions; it cannot be changed later. Lower-case letters, digits, “-” or “_”.",
  description: "Description (optional)",
  language: "Language of replies",
  languages: { es: "Spanish", en: "English", pt: "Portuguese" },
  create: "Create and open the canvas",
  createForm: "Create and open the form",
  formKinds: {
    names: { tone: "Brand tone", okr: "OKR" },
    hints: {
      tone: "The service personality, per-channel rules and banned phrases; checks every drafted reply.",
      okr: "Objectives and key results measured on Pauta's own data, with their progress on a dashboard.",
    },
  },
  creating: "Creating…",
  cancel: "Cancel",
  errors: {
    nameRequired: "Type a name.",
    idRequired: "Type an id.",
    idFormat: "Use lower-case letters, digits, “-” or “_”, starting with a letter or digit (e.g. leads-mexico).",
    idTaken: "A playbook with that id already exists: choose another.",
    tooLong: "It is too long.",
    forbidden: "Your role may not create playbooks.",
    failed: "Could not create the playbook: {message}",
  },
};
const MESSAGES = { es, en };

type FieldName = "name" | "id" | "description" | "locale" | "kind";
type Errors = Partial<Record<FieldName | "form", string>>;

/** zod / server issues → one sentence per field, in the reader's language. */
export function fieldErrors(issues: readonly { path: string; message: string; code?: string }[], m: NewPlaybookMessages): Errors {
  const out: Errors = {};
  for (const i of issues) {
    const field = (["name", "id", "description", "locale", "kind"] as const).find((f) => i.path === f) ?? "form";
    if (out[field]) continue;
    if (i.code === "taken") out[field] = m.errors.idTaken;
    else if (i.code === "too_big") out[field] = m.errors.tooLong;
    else if (field === "name") out.name = m.errors.nameRequired;
    else if (field === "id") out.id = i.code === "too_small" ? m.errors.idRequired : m.errors.idFormat;
    else out[field] = i.message;
  }
  return out;
}

/** The header button: opens the form (at `?new=1`, so the form can be linked to). */
export function NewPlaybookButton() {
  const allowed = useCan("playbooks.import");
  const { locale } = useI18n();
  const router = useRouter();
  if (!allowed) return null;
  return (
    <button type="button" className="btn btn-primary" data-testid="new-playbook" onClick={() => router.push("/playbooks?new=1", { scroll: false })}>
      + {MESSAGES[locale].open}
    </button>
  );
}

/** The form, shown under the header when `?new=1`. */
export function NewPlaybook() {
  const allowed = useCan("playbooks.import");
  const { locale } = useI18n();
  const router = useRouter();
  if (!allowed) return null;
  return <NewPlaybookForm m={MESSAGES[locale]} locale={locale} onCancel={() => router.replace("/playbooks", { scroll: false })} />;
}

function NewPlaybookForm({ m, locale, onCancel }: { m: NewPlaybookMessages; locale: "es" | "en"; onCancel: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const uid = useId();
  const [name, setName] = useState("");
  const [id, setId] = useState("");
  const [idEdited, setIdEdited] = useState(false);
  const [description, setDescription] = useState("");
  const [lang, setLang] = useState<"es" | "en" | "pt">(locale);
  const [kind, setKind] = useState<PlaybookKind>("routing");
  const flowKinds = editorText(locale).flowKind;
  const kindNames = { ...flowKinds.names, ...m.formKinds.names };
  const kindHints = { ...flowKinds.hints, ...m.formKinds.hints };
  const isForm = (DOCUMENT_KINDS as readonly string[]).includes(kind);
  const [errors, setErrors] = useState<Errors>({});
  const handlers = {
    onSuccess: (created: { playbookId: string }) => router.push(`/playbooks/${encodeURIComponent(created.playbookId)}/edit`),
    onError: (e: { message: string }) => {
      const data = (e as { data?: { code?: string; issues?: { path: string; message: string; code?: string }[] } | null }).data;
      if (data?.issues?.length) setErrors(fieldErrors(data.issues, m));
      else if (data?.code === "FORBIDDEN") setErrors({ form: m.errors.forbidden });
      else setErrors({ form: m.errors.failed.replace("{message}", e.message) });
    },
  };
  // Flow kinds get a canvas draft; tone and OKR a form document.
  const createFlow = useMutation(trpc.playbooks.create.mutationOptions(handlers));
  const createForm = useMutation(trpc.playbooks.createDocument.mutationOptions(handlers));
  const create = isForm ? createForm : createFlow;
  const shownId = idEdited ? id : suggestSlug(name);

  function submit(e: FormEvent) {
    e.preventDefault();
    const input = { id: shownId, name, ...(description.trim() ? { description: description.trim() } : {}), locale: lang, kind };
    const parsed = CreatePlaybookRequest.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message, code: i.code })), m));
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  }

  const err = (f: FieldName) => (errors[f] ? [errors[f]] : []);

  return (
    <section className="card card-pad new-playbook" aria-labelledby={`${uid}-title`} data-testid="new-playbook-form">
      <h2 id={`${uid}-title`} className="card-title">
        {m.title}
      </h2>
      <p className="muted">{m.intro}</p>
      <form className="new-playbook-form" onSubmit={submit} noValidate>
        <fieldset className="insp-group" data-testid="new-playbook-kind">
          <legend className="insp-label">{m.kind}</legend>
          {[...FLOW_KINDS, ...DOCUMENT_KINDS].map((k) => (
            <label key={k} className="insp-check new-playbook-kind">
              <input type="radio" name={`${uid}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} aria-describedby={`${uid}-kind-${k}`} />
              <span>
                <strong>{kindNames[k]}</strong>
                <span className="insp-hint" id={`${uid}-kind-${k}`}>
                  {" "}
                  — {kindHints[k]}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field label={m.name} locale={locale} errors={err("name")}>
          {(a) => <input {...a} className="insp-input" type="text" value={name} maxLength={200} autoComplete="off" autoFocus onChange={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field label={m.id} hint={m.idHint} locale={locale} errors={err("id")}>
          {(a) => (
            <input
              {...a}
              className="insp-input is-mono"
              type="text"
              value={shownId}
              maxLength={100}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => {
                setIdEdited(true);
                setId(e.currentTarget.value);
              }}
            />
          )}
        </Field>
        <Field label={m.description} locale={locale} errors={err("description")}>
          {(a) => <textarea {...a} className="insp-input" rows={2} value={description} maxLength={5000} onChange={(e) => setDescription(e.currentTarget.value)} />}
        </Field>
        <Field label={m.language} locale={locale} errors={err("locale")}>
          {(a) => (
            <select {...a} className="insp-input" value={lang} onChange={(e) => setLang(e.currentTarget.value as "es" | "en" | "pt")}>
              {(["es", "en", "pt"] as const).map((l) => (
                <option key={l} value={l}>
                  {m.languages[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? m.creating : isForm ? m.createForm : m.create}
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            {m.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
