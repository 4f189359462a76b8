import { z } from 'zod';
import { Wire } from './wire.schema.js';

const optionalString = Wire.optional(z.string());

/** `ContactDto` (spec), the fields an agent needs. */
const ContactSchema = z.object({
  crmId: optionalString,
  type: Wire.optional(Wire.openEnum(['CONTACT', 'LEAD'] as const)),
  data: Wire.optional(
    z.object({
      firstName: optionalString,
      lastName: optionalString,
      crmUrl: optionalString,
      companyName: optionalString,
      title: optionalString,
      emails: Wire.optional(z.array(z.object({ email: optionalString }))),
    }),
  ),
});

/** `ReminderDataDto` (spec): one Engage task (to-do) of one user. Ids are int64 on the wire: strings here. */
export const EngageTaskSchema = z.object({
  id: Wire.gongId,
  userId: Wire.gongId,
  created: Wire.optional(Wire.dateTime),
  updated: Wire.optional(Wire.dateTime),
  status: Wire.openEnum(['OPEN', 'DONE', 'DISMISSED'] as const),
  type: Wire.optional(Wire.openEnum(['FLOW', 'MANUAL'] as const)),
  actions: Wire.optional(z.array(z.string())),
  account: Wire.optional(z.object({ crmId: optionalString, name: optionalString, crmUrl: optionalString })),
  opportunity: Wire.optional(
    z.object({ crmId: optionalString, name: optionalString, crmUrl: optionalString, status: optionalString, stage: optionalString, amount: optionalString, probability: optionalString, closeDate: optionalString }),
  ),
  dueDate: Wire.optional(Wire.dateTime),
  flow: Wire.optional(z.object({ id: Wire.optional(Wire.gongId), name: optionalString, step: Wire.optional(z.object({ id: Wire.optional(Wire.gongId), name: optionalString, stepNumber: Wire.optional(z.number()) })) })),
  contact: Wire.optional(ContactSchema),
  additionalContacts: Wire.optional(z.array(ContactSchema)),
  title: optionalString,
  priority: Wire.optional(z.object({ id: Wire.optional(Wire.gongId), name: optionalString, weight: Wire.optional(z.number()) })),
});
export type EngageTask = z.output<typeof EngageTaskSchema>;

/** POST /v2/tasks and PATCH /v2/tasks/{taskId} (`UserRemindersResponse`). */
export const UserTasksResponseSchema = z.object({
  requestId: optionalString,
  tasks: z.array(EngageTaskSchema).default([]),
  crmType: Wire.optional(Wire.openEnum(['SALESFORCE', 'HUBSPOT', 'MICROSOFT_DYNAMICS', 'GENERIC'] as const)),
});
