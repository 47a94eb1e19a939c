import * as z from 'zod/mini';
import '../zod-locale';

/**
 * The organizer API's answer about a survey (GET and PUT /api/organizer/workshops/{id}/survey), as a
 * zod schema: the OpenAPI document is generated from it, and `surveyJson` (./overview.ts) is typed by
 * it, so the document and the answer cannot drift apart.
 */
const base = { id: z.string(), text: z.string(), required: z.boolean() };
const Question = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('rating'), max: z.int(), lowLabel: z.optional(z.string()), highLabel: z.optional(z.string()) }),
  z.object({ ...base, type: z.literal('choice'), options: z.array(z.object({ id: z.string(), label: z.string() })) }),
  z.object({ ...base, type: z.literal('nps') }),
  z.object({ ...base, type: z.literal('text') }),
]);

const OptionResult = z.object({ value: z.string(), label: z.string(), count: z.int(), percent: z.int() });
const resultBase = { id: z.string(), text: z.string(), answered: z.int() };
const QuestionResult = z.discriminatedUnion('type', [
  z.object({ ...resultBase, type: z.literal('rating'), options: z.array(OptionResult), average: z.nullable(z.number()) }),
  z.object({ ...resultBase, type: z.literal('choice'), options: z.array(OptionResult) }),
  z.object({
    ...resultBase,
    type: z.literal('nps'),
    options: z.array(OptionResult),
    nps: z.object({ score: z.nullable(z.int()), promoters: z.int(), passives: z.int(), detractors: z.int() }),
  }),
  z.object({ ...resultBase, type: z.literal('text'), answers: z.array(z.string()) }),
]);

export const SurveyAnswer = z.object({
  survey: z.object({
    questions: z.array(Question),
    delayMinutes: z.int(),
    /** null: no reminder. */
    reminderAfterHours: z.nullable(z.int()),
    updatedAt: z.optional(z.string()),
    editable: z.boolean(),
    lockedReason: z.optional(z.string()),
    sendsAt: z.string(),
    remindsAt: z.nullable(z.string()),
  }),
  results: z.object({
    invited: z.int(),
    responses: z.int(),
    responseRate: z.nullable(z.int()),
    threshold: z.int(),
    /** False below the threshold: then `questions` is left out. */
    shown: z.boolean(),
    questions: z.optional(z.array(QuestionResult)),
  }),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;
