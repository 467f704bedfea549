import * as z from 'zod';
import { IdSchema as id, NoParamsSchema, OkSchema } from './schema-parts.js';

/** A local project folder the user added. `createdAt` is ms since the epoch. */
export const ProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  createdAt: z.number(),
});
export type Project = z.infer<typeof ProjectSchema>;

/** Methods of the projects namespace (project context analysis is in `analysis.ts`). */
export const PROJECTS_METHODS = {
  'projects.list': { params: NoParamsSchema, result: z.array(ProjectSchema) },
  'projects.add': {
    params: z.object({ path: z.string().min(1), name: z.string().min(1).max(200).optional() }).strict(),
    result: ProjectSchema,
  },
  'projects.rename': {
    params: z.object({ id, name: z.string().trim().min(1).max(200) }).strict(),
    result: ProjectSchema,
  },
  /** Forgets the project and its sessions (live ones are stopped). Never touches the folder. */
  'projects.remove': { params: z.object({ id }).strict(), result: OkSchema },
} as const;

/** Events of the projects namespace. */
export const PROJECTS_EVENTS = {
  'project.updated': ProjectSchema,
  'project.removed': z.object({ projectId: z.string() }),
} as const;
