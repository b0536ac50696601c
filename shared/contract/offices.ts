import { z } from 'zod';
import { DateSchema, grants, IdSchema, method, OptText, Text } from './common';
import { ImportPreviewSchema, PreviewInput } from './imports';
import { Bool, Day, def, fieldsOf, HR_CLASSES, IdNumber, oneOf, opt, optText, req, reqText, table, Txt } from '../sync/columns';

// 工商所: a station of the county bureau (县局).
export const OfficeSchema = z.object({
  id: IdSchema,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['bureau', 'station']),
  parentId: IdSchema.nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  cadreCount: z.number().int(),
});
export type Office = z.infer<typeof OfficeSchema>;

const OfficeFields = {
  name: Text(60),
  code: z.string().trim(),
  address: OptText(200),
  phone: OptText(40),
};

export const GENDERS = ['M', 'F'] as const;
export const CADRE_STATUSES = ['active', 'secondment', 'leave', 'second_line', 'retired', 'transferred'] as const;

export const EDUCATIONS = ['研究生', '大学本科', '大学专科', '中专', '高中及以下'] as const;
export const POLITICS = ['中共党员', '中共预备党员', '共青团员', '民主党派', '群众'] as const;
export const LEADERSHIP_POSTS = ['乡科级正职', '乡科级副职'] as const;

// 干部: a cadre of the bureau or a station, as kept in the register (干部名册).
export const CadreSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  officeName: z.string(),
  name: z.string(),
  gender: z.enum(GENDERS),
  birthDate: z.string(),
  post: z.string().nullable(),
  status: z.enum(CADRE_STATUSES),
  /** The status shown: an active secondment or rotation shows as 挂职/轮岗 while it lasts. */
  effectiveStatus: z.enum(CADRE_STATUSES),
  phone: z.string().nullable(),
  /** Masked (3303**********1234) unless the viewer holds personal.read (HR); the administrator sees it masked. */
  idNumber: z.string().nullable(),
  idMasked: z.boolean(),
  workStart: z.string().nullable(),
  joinDate: z.string().nullable(),
  education: z.string().nullable(),
  politics: z.string().nullable(),
  leadershipPost: z.string().nullable(),
  leadershipStart: z.string().nullable(),
  rank: z.string().nullable(),
  rankStart: z.string().nullable(),
  sgf: z.boolean(),
  sgfDate: z.string().nullable(),
  /** Computed from the stage settings on today's date. */
  stage: z.enum(['adapt', 'growth', 'mature', 'retreat']).nullable(),
  /** The statutory retirement date (2024 rules). */
  retirementDate: z.string(),
  /** Still on the books (not retired or transferred) on or after the statutory retirement date. */
  pastRetirement: z.boolean(),
});
export type Cadre = z.infer<typeof CadreSchema>;

const OptDate = DateSchema.nullish().transform((v) => v ?? null);

export const CadreFields = {
  officeId: IdSchema,
  name: Text(40),
  gender: z.enum(GENDERS),
  birthDate: DateSchema,
  post: OptText(60),
  status: z.enum(CADRE_STATUSES).default('active'),
  phone: OptText(40),
  /** Omitted: unchanged. Only HR and administrators may set it. */
  idNumber: z.string().trim().max(20).nullable().optional(),
  workStart: OptDate,
  joinDate: OptDate,
  education: z
    .enum(EDUCATIONS)
    .nullish()
    .transform((v) => v ?? null),
  politics: z
    .enum(POLITICS)
    .nullish()
    .transform((v) => v ?? null),
  leadershipPost: OptText(40),
  leadershipStart: OptDate,
  rank: OptText(20),
  rankStart: OptDate,
  sgf: z.boolean().default(false),
  sgfDate: OptDate,
};

/** Register columns for Excel import and export: key → header. */
export const CADRE_IMPORT_COLUMNS = {
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  office: '所属单位',
  post: '岗位',
  workStart: '参加工作时间',
  joinDate: '进入本系统时间',
  education: '学历',
  politics: '政治面貌',
  leadershipPost: '领导职务',
  leadershipStart: '任领导职务时间',
  rank: '职级',
  rankStart: '任现职级时间',
  sgfDate: '实改非时间',
  status: '状态',
  phone: '电话',
} as const;
export type CadreImportKey = keyof typeof CADRE_IMPORT_COLUMNS;
/** The import template's example row, in the words the import reads back (性别 男, 状态 在岗). */
export const CADRE_IMPORT_EXAMPLE: Partial<Record<CadreImportKey, string>> = {
  name: '张三',
  gender: '男',
  birthDate: '1990-05-01',
  post: '综合监管岗',
  workStart: '2012-08-01',
  status: '在岗',
};

export const officesContract = {
  'offices.list': method({
    input: z.object({ includeInactive: z.boolean().default(true) }).strict(),
    output: z.array(OfficeSchema),
    reads: ['office'],
    permission: 'offices.read',
  }),
  'offices.create': method({
    input: z.object(OfficeFields).strict(),
    output: OfficeSchema,
    scope: 'county',
    permission: 'offices.manage',
  }),
  'offices.update': method({
    input: z.object({ id: IdSchema, ...OfficeFields }).strict(),
    output: OfficeSchema,
    scope: 'county',
    permission: 'offices.manage',
  }),
  'offices.setActive': method({
    input: z.object({ id: IdSchema, active: z.boolean() }).strict(),
    output: OfficeSchema,
    scope: 'county',
    permission: 'offices.manage',
  }),
  'cadres.list': method({
    input: z
      .object({
        officeId: IdSchema.optional(),
        search: z.string().trim().max(40).optional(),
        status: z.enum(CADRE_STATUSES).optional(),
        stage: z.enum(['adapt', 'growth', 'mature', 'retreat']).optional(),
      })
      .strict(),
    output: z.array(CadreSchema),
    reads: [
      'cadre',
      'office',
      'setting_version',
      'rank_record',
      'career_plan',
      'post_commitment',
      'declaration',
      'internship',
      'secondment',
      'mentoring',
      'appraisal',
      'merit',
      'supervisor',
      'supervision_assignment',
      'supervision_log',
      'second_line_event',
      'training_plan',
      'training_course',
      'training_enrolment',
      'education_record',
    ],
    scope: 'station',
    permission: 'cadres.read',
  }),
  'cadres.create': method({
    input: z.object(CadreFields).strict(),
    output: CadreSchema,
    scope: 'station',
    permission: 'cadres.manage',
  }),
  'cadres.update': method({
    input: z.object({ id: IdSchema, ...CadreFields }).strict(),
    output: CadreSchema,
    scope: 'station',
    permission: 'cadres.manage',
  }),
  'cadres.export': method({
    input: z
      .object({
        officeId: IdSchema.optional(),
        search: z.string().trim().max(40).optional(),
        status: z.enum(CADRE_STATUSES).optional(),
        stage: z.enum(['adapt', 'growth', 'mature', 'retreat']).optional(),
      })
      .strict(),
    output: z.object({ fileBase64: z.string(), rows: z.number().int() }),
    scope: 'station',
    permission: 'cadres.read',
  }),
  'cadres.importPreview': method({ input: PreviewInput({}), output: ImportPreviewSchema, permission: 'cadres.manage' }),
  'cadres.remove': method({
    input: z.object({ id: IdSchema }).strict(),
    output: z.null(),
    permission: 'cadres.manage',
  }),
};

/** The domain's permissions and the roles that hold each (shared/contract/index.ts merges every domain's). */
export const officesGrants = grants({
  'offices.read': ['admin', 'chief', 'staff', 'hr', 'counsellor'],
  'offices.manage': ['admin'],
  'cadres.read': ['admin', 'chief', 'staff', 'hr'],
  'cadres.manage': ['admin', 'chief', 'hr'],
  /** Unmasked identity numbers and appraisal comments: HR only, not even the administrator (separate duties). */
  'personal.read': ['hr'],
});

// The tables this domain syncs: each row's shape (from the contract's own fields) and the
// manifest's rules (shared/sync/columns.ts). shared/sync/manifest.ts merges every domain's.
const Office = fieldsOf(officesContract['offices.create']);

export const officesTables = {
  // The code is a 行政区划代码 (checked by the service); the contract sets no length for it.
  office: table({
    countyWide: true,
    refs: { parent_id: 'office' },
    writers: HR_CLASSES,
    editedWith: 'offices.manage',
    shape: {
      code: req(Txt),
      name: reqText(Office.name!),
      kind: req(oneOf(['bureau', 'station'])),
      parent_id: opt(IdSchema),
      address: optText(Office.address!),
      phone: optText(Office.phone!),
      active: def(Bool),
    },
  }),
  cadre: table({
    // Post, status and rank are assignments: a concurrent edit goes to review, not last-writer-wins.
    sensitive: ['post', 'status', 'rank', 'rank_start', 'leadership_post'],
    personal: ['id_number'],
    editedWith: 'cadres.manage',
    shape: {
      name: reqText(CadreFields.name),
      gender: req(oneOf(GENDERS)),
      birth_date: req(Day),
      post: optText(CadreFields.post),
      status: def(oneOf(CADRE_STATUSES)),
      phone: optText(CadreFields.phone),
      id_number: opt(IdNumber),
      work_start: opt(Day),
      join_date: opt(Day),
      education: opt(oneOf(EDUCATIONS)),
      politics: opt(oneOf(POLITICS)),
      leadership_post: optText(CadreFields.leadershipPost),
      leadership_start: opt(Day),
      // Free text bounded like the form's; the ladder is the roster service's.
      rank: optText(CadreFields.rank),
      rank_start: opt(Day),
      sgf: def(Bool),
      sgf_date: opt(Day),
    },
  }),
};
