// The audit log in words a clerk reads: what was done (by method), to what (by table) and which
// field changed. Keys are the core's method and column names ('.' written as '_': i18next nests on
// dots). Anything not listed shows as the core wrote it.

export const auditLabelsZh = {
  methods: {
    auth_setup: '初始化系统', auth_login: '登录', auth_logout: '退出登录', auth_loginFailed: '登录失败', auth_lockout: '账户锁定', auth_changePassword: '修改密码',
    users_create: '新建用户', users_update: '修改用户', users_resetPassword: '重置密码', users_unlock: '解除锁定', settings_set: '修改规则设置',
    offices_create: '新建单位', offices_update: '修改单位', offices_setActive: '启用或停用单位',
    cadres_create: '新增干部', cadres_update: '修改干部信息', cadres_remove: '删除干部', cadres_import: '导入干部名册',
    zones_create: '新建责任区', zones_update: '修改责任区', zones_retire: '撤销责任区', zones_split: '拆分责任区', zones_merge: '合并责任区', zones_assign: '分配责任区', zones_endAssignment: '结束分配', zones_reassignAll: '批量重新分配',
    grids_create: '新建网格', grids_update: '修改网格', grids_setZones: '设置网格对应的责任区',
    businesses_create: '新增市场主体', businesses_update: '修改市场主体', imports_commit: '导入数据', census_create: '新建无照普查', census_addEntry: '新增无照经营户', census_updateEntry: '修改无照经营户',
    dossiers_savePlan: '保存规划书', dossiers_submitPlan: '提交规划书', dossiers_reviewPlan: '审阅规划书', dossiers_removePlan: '删除规划书',
    dossiers_saveCommitment: '保存岗位承诺书', dossiers_reviewCommitment: '评议岗位承诺', dossiers_removeCommitment: '删除岗位承诺书', dossiers_declare: '提交个人申报', dossiers_decide: '处理个人申报',
    dossiers_saveInternship: '保存巡回实习', dossiers_removeInternship: '删除巡回实习', dossiers_saveSecondment: '保存挂职/轮岗', dossiers_removeSecondment: '删除挂职/轮岗', dossiers_saveMentoring: '保存传帮带', dossiers_removeMentoring: '删除传帮带',
    dossiers_saveAppraisal: '保存年度考核', dossiers_removeAppraisal: '删除年度考核', dossiers_saveMerit: '保存业绩与奖惩', dossiers_removeMerit: '删除业绩与奖惩',
    roster_appoint: '任命督导员', roster_assign: '安排督导任务', roster_removeAssignment: '删除督导任务', roster_log: '记录督导', roster_defer: '延后退二线', roster_moveToSecondLine: '办理退二线', roster_promote: '记录职级晋升',
    training_savePlan: '保存培训计划', training_removePlan: '删除培训计划', training_saveCourse: '保存课程', training_removeCourse: '删除课程', training_enrol: '培训报名', training_unenrol: '取消报名', training_settleOverfill: '处理超额报名',
    training_attend: '记录出勤', training_importAttendance: '导入出勤', training_saveEducation: '保存在职学历', training_removeEducation: '删除在职学历',
    sync_enroll: '登记到同步服务器', sync_resolve: '处理同步冲突', sync_importSnapshot: '导入数据快照', sync_apply: '同步写入',
    sync_now: '立即同步', sync_rejected: '查看未能同步的修改', sync_retryRejected: '重试未能同步的修改', sync_discardRejected: '放弃未能同步的修改', sync_quarantine: '查看隔离的数据', sync_dropQuarantined: '删除隔离的数据',
    backup_create: '备份数据', backup_recoveryKey: '查看恢复密钥', backup_restore: '恢复备份', backup_restoreRefused: '拒绝未经本机签署的恢复', backup_ackRefusedRestores: '核实被拒绝的恢复',
  },
  entities: {
    office: '单位', cadre: '干部', app_user: '用户', setting_version: '规则设置', zone: '责任区', zone_assignment: '责任区分配', grid: '网格', zone_grid: '网格与责任区对应', business: '市场主体', census: '无照普查', unlicensed: '无照经营户',
    rank_record: '职级记录', career_plan: '职业生涯规划书', post_commitment: '岗位承诺书', declaration: '个人申报', internship: '巡回实习', secondment: '挂职/轮岗', mentoring: '传帮带', appraisal: '年度考核', merit: '业绩与奖惩',
    supervisor: '督导员', supervision_assignment: '督导任务', supervision_log: '督导记录', second_line_event: '退二线', training_plan: '培训计划', training_course: '培训课程', training_enrolment: '培训报名', education_record: '在职学历', device: '同步设备', database: '数据库',
  },
  columns: {
    lastLoginAt: '上次登录', last_login_at: '上次登录', operator: '经营者', category: '类别', exempt_reason: '豁免依据',
    name: '名称', status: '状态', code: '编号', title: '标题', note: '备注', year: '年度', grade: '等次', comment: '评语', id_number: '身份证号', phone: '电话', post: '岗位', rank: '职级', rank_start: '任职级时间',
    cadre_id: '干部', mentor_id: '导师', zone_id: '责任区', office_id: '单位', parent_id: '上级单位', grid_id: '网格', census_id: '普查', course_id: '课程', plan_id: '计划', business_id: '市场主体',
    start_date: '开始日期', end_date: '结束日期', role: '角色', created_at: '创建时间', updated_at: '修改时间', deleted_at: '删除时间', birth_date: '出生日期', gender: '性别', work_start: '参加工作时间',
    failed_attempts: '失败次数', locked_until: '锁定至', display_name: '姓名', username: '用户名', disabled: '停用', password_hash: '密码', must_change_password: '须修改密码', key: '设置项', value: '值', version: '版本', effective_from: '生效日期',
    credit_code: '统一社会信用代码', displayName: '姓名', officeId: '单位', cadreId: '干部', mustChangePassword: '须修改密码', disabled_at: '停用时间', reg_no: '注册号', address: '住所', legal_rep: '法定代表人', food: '食品经营', risk_level: '风险等级', review_comment: '审阅意见', attendance: '出勤', score: '成绩', decision_ref: '文号', status_text: '原登记状态', founded_on: '成立日期', credit_check_failed: '校验位不符', type: '主体类型', lockedUntil: '锁定至',
  },
  assignmentRoles: { owner: '责任人', deputy: '协管人' },
  empty: '空', fingerprint: '（个人信息，不记录内容）', yes: '是', no: '否', exportingAll: '正在导出：已读取 {{n}} / {{total}} 条…', deleted: '（已删除）',
};

export const auditLabelsEn: typeof auditLabelsZh = {
  methods: {
    auth_setup: 'Set up', auth_login: 'Signed in', auth_logout: 'Signed out', auth_loginFailed: 'Failed sign-in', auth_lockout: 'Account locked', auth_changePassword: 'Changed password',
    users_create: 'Created user', users_update: 'Edited user', users_resetPassword: 'Reset password', users_unlock: 'Unlocked account', settings_set: 'Changed a rule setting',
    offices_create: 'Created office', offices_update: 'Edited office', offices_setActive: 'Enabled or disabled office',
    cadres_create: 'Added cadre', cadres_update: 'Edited cadre', cadres_remove: 'Removed cadre', cadres_import: 'Imported register',
    zones_create: 'Created zone', zones_update: 'Edited zone', zones_retire: 'Retired zone', zones_split: 'Split zone', zones_merge: 'Merged zones', zones_assign: 'Assigned to a zone', zones_endAssignment: 'Ended assignment', zones_reassignAll: 'Reassigned in bulk',
    grids_create: 'Created grid', grids_update: 'Edited grid', grids_setZones: "Set a grid's zones",
    businesses_create: 'Added business', businesses_update: 'Edited business', imports_commit: 'Imported data', census_create: 'Created census', census_addEntry: 'Added unlicensed entry', census_updateEntry: 'Edited unlicensed entry',
    dossiers_savePlan: 'Saved career plan', dossiers_submitPlan: 'Submitted career plan', dossiers_reviewPlan: 'Reviewed career plan', dossiers_removePlan: 'Removed career plan',
    dossiers_saveCommitment: 'Saved commitment', dossiers_reviewCommitment: 'Reviewed commitment', dossiers_removeCommitment: 'Removed commitment', dossiers_declare: 'Filed declaration', dossiers_decide: 'Decided declaration',
    dossiers_saveInternship: 'Saved internship', dossiers_removeInternship: 'Removed internship', dossiers_saveSecondment: 'Saved secondment', dossiers_removeSecondment: 'Removed secondment', dossiers_saveMentoring: 'Saved mentoring', dossiers_removeMentoring: 'Removed mentoring',
    dossiers_saveAppraisal: 'Saved appraisal', dossiers_removeAppraisal: 'Removed appraisal', dossiers_saveMerit: 'Saved merit record', dossiers_removeMerit: 'Removed merit record',
    roster_appoint: 'Appointed supervisor', roster_assign: 'Assigned supervision', roster_removeAssignment: 'Removed supervision assignment', roster_log: 'Logged supervision', roster_defer: 'Deferred second line', roster_moveToSecondLine: 'Moved to second line', roster_promote: 'Recorded promotion',
    training_savePlan: 'Saved training plan', training_removePlan: 'Removed training plan', training_saveCourse: 'Saved course', training_removeCourse: 'Removed course', training_enrol: 'Enrolled', training_unenrol: 'Unenrolled', training_settleOverfill: 'Settled over-filled course',
    training_attend: 'Recorded attendance', training_importAttendance: 'Imported attendance', training_saveEducation: 'Saved degree', training_removeEducation: 'Removed degree',
    sync_enroll: 'Enrolled with sync hub', sync_resolve: 'Resolved sync conflict', sync_importSnapshot: 'Imported snapshot', sync_apply: 'Sync wrote',
    sync_now: 'Synced now', sync_rejected: 'Listed refused edits', sync_retryRejected: 'Retried a refused edit', sync_discardRejected: 'Discarded a refused edit', sync_quarantine: 'Listed quarantined rows', sync_dropQuarantined: 'Dropped a quarantined row',
    backup_create: 'Backed up', backup_recoveryKey: 'Showed the recovery key', backup_restore: 'Restored a backup', backup_restoreRefused: 'Refused a restore this PC did not sign', backup_ackRefusedRestores: 'Checked refused restores',
  },
  entities: {
    office: 'Office', cadre: 'Cadre', app_user: 'User', setting_version: 'Rule setting', zone: 'Zone', zone_assignment: 'Zone assignment', grid: 'Grid', zone_grid: 'Grid–zone link', business: 'Business', census: 'Census', unlicensed: 'Unlicensed business',
    rank_record: 'Rank record', career_plan: 'Career plan', post_commitment: 'Post commitment', declaration: 'Declaration', internship: 'Internship', secondment: 'Secondment', mentoring: 'Mentoring', appraisal: 'Appraisal', merit: 'Merit record',
    supervisor: 'Supervisor', supervision_assignment: 'Supervision assignment', supervision_log: 'Supervision log', second_line_event: 'Second line', training_plan: 'Training plan', training_course: 'Course', training_enrolment: 'Enrolment', education_record: 'Degree', device: 'Sync device', database: 'Database',
  },
  columns: {
    lastLoginAt: 'Last sign-in', last_login_at: 'Last sign-in', operator: 'Operator', category: 'Category', exempt_reason: 'Exemption basis',
    name: 'Name', status: 'Status', code: 'Code', title: 'Title', note: 'Note', year: 'Year', grade: 'Grade', comment: 'Comment', id_number: 'ID number', phone: 'Phone', post: 'Post', rank: 'Rank', rank_start: 'Rank since',
    cadre_id: 'Cadre', mentor_id: 'Mentor', zone_id: 'Zone', office_id: 'Office', parent_id: 'Parent office', grid_id: 'Grid', census_id: 'Census', course_id: 'Course', plan_id: 'Plan', business_id: 'Business',
    start_date: 'Start', end_date: 'End', role: 'Role', created_at: 'Created', updated_at: 'Updated', deleted_at: 'Deleted', birth_date: 'Birth date', gender: 'Gender', work_start: 'Work start',
    failed_attempts: 'Failed attempts', locked_until: 'Locked until', display_name: 'Name', username: 'Username', disabled: 'Disabled', password_hash: 'Password', must_change_password: 'Must change password', key: 'Setting', value: 'Value', version: 'Version', effective_from: 'Effective from',
    credit_code: 'Credit code', displayName: 'Name', officeId: 'Office', cadreId: 'Cadre', mustChangePassword: 'Must change password', disabled_at: 'Disabled at', reg_no: 'Reg. no.', address: 'Address', legal_rep: 'Legal rep.', food: 'Food', risk_level: 'Risk', review_comment: 'Review comment', attendance: 'Attendance', score: 'Score', decision_ref: 'Document no.', status_text: 'Registry status', founded_on: 'Founded on', credit_check_failed: 'Check digit wrong', type: 'Entity type', lockedUntil: 'Locked until',
  },
  assignmentRoles: { owner: 'Owner', deputy: 'Deputy' },
  empty: 'empty', fingerprint: '(personal data: content not recorded)', yes: 'yes', no: 'no', exportingAll: 'Exporting: {{n}} of {{total}} rows read…', deleted: '(deleted)',
};

/**
 * Rows written before the dossier methods took their module's name (`dossier.*`, now
 * `dossiers.*`): the audit log keeps them as written, and they read the same.
 */
for (const labels of [auditLabelsZh, auditLabelsEn]) {
  const methods = labels.methods as Record<string, string>;
  for (const [key, words] of Object.entries(methods)) if (key.startsWith('dossiers_')) methods[`dossier_${key.slice('dossiers_'.length)}`] = words;
}
