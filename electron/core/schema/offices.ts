import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { syncedColumns } from './base';

// 县局 / 工商所: the bureau and its stations. County-wide reference data, owned by the bureau.
export const office = sqliteTable(
  'office',
  {
    ...syncedColumns(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['bureau', 'station'] }).notNull(),
    parentId: text('parent_id'),
    address: text('address'),
    phone: text('phone'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [index('office_parent_idx').on(t.parentId)],
);

// 干部: a person of the bureau or a station.
export const cadre = sqliteTable(
  'cadre',
  {
    ...syncedColumns(),
    name: text('name').notNull(),
    gender: text('gender', { enum: ['M', 'F'] }).notNull(),
    birthDate: text('birth_date').notNull(),
    post: text('post'),
    status: text('status', {
      enum: ['active', 'secondment', 'leave', 'second_line', 'retired', 'transferred'],
    })
      .notNull()
      .default('active'),
    phone: text('phone'),
    /** 公民身份号码: personal, unmasked only for HR roles, withheld from station devices. */
    idNumber: text('id_number'),
    workStart: text('work_start'),
    joinDate: text('join_date'),
    education: text('education'),
    politics: text('politics'),
    leadershipPost: text('leadership_post'),
    /** When the leadership post began: counts toward a rank for 实改非 cadres. */
    leadershipStart: text('leadership_start'),
    rank: text('rank'),
    rankStart: text('rank_start'),
    /** 实改非: moved from a leadership post to a non-leadership rank. */
    sgf: integer('sgf', { mode: 'boolean' }).notNull().default(false),
    sgfDate: text('sgf_date'),
  },
  (t) => [index('cadre_office_idx').on(t.officeId)],
);
