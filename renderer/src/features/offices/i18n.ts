// The offices feature's texts: zh-CN first, en-US typed against it (i18n/index.ts merges every feature's).
export const zhCN = {
  nav: { offices: '单位与人员' },
  offices: {
    title: '单位', bureau: '县局', station: '工商所', name: '名称', code: '行政区划代码', address: '地址', phone: '电话', kind: '类型',
    active: '在用', inactive: '已停用', cadreCount: '人数', newStation: '新建工商所', editOffice: '编辑单位',
    deactivate: '停用', activate: '启用', confirmDeactivate: '确定停用“{{name}}”吗？停用后不能再为其新增人员或用户，历史数据保留。',
    codeHint: '6 位数字行政区划代码', tabOffices: '单位', tabCadres: '干部',
  },
  cadres: {
    title: '干部', name: '姓名', gender: '性别', M: '男', F: '女', birthDate: '出生日期', office: '所属单位', post: '岗位',
    status: '状态', phone: '电话', newCadre: '新增干部', editCadre: '编辑干部', searchPlaceholder: '按姓名或岗位搜索',
    confirmRemove: '确定删除“{{name}}”吗？删除后可在审计日志中追溯。',
    statuses: { active: '在岗', secondment: '挂职/借调', leave: '休假', second_line: '退二线', retired: '退休', transferred: '调出' },
    registerTitle: '干部名册', idNumber: '身份证号', idNumberHint: '18 位，末位可为 X；须与出生日期、性别一致', idNumberFormat: '身份证号应为 18 位',
    idNumberHr: '仅人事干部可查看和修改', workStart: '参加工作时间', joinDate: '进入本系统时间', education: '学历', politics: '政治面貌',
    leadershipPost: '领导职务', leadershipPostHint: '如 乡科级正职', rank: '职级', rankHint: '如 一级主任科员', rankStart: '任现职级时间',
    leadershipStart: '任领导职务时间', sgf: '实改非', sgfYes: '已实改非', sgfDate: '实改非时间',
    import: '从 Excel 导入', importTemplate: '下载导入模板', importBadFile: '文件无法读取：请选择 .xlsx 格式的 Excel 文件',
    importNoHeaders: '未找到表头：第一行应包含“姓名”“性别”“出生日期”“所属单位”等列', importPreview: '导入预览：{{file}}',
    importReady: '共 {{n}} 行，全部检查通过', importErrors: '{{total}} 行中有 {{n}} 处问题，修改文件后重新导入；本次不会写入任何数据',
    importCommit: '导入 {{n}} 行', importDone: '已导入 {{n}} 名干部', importRow: '行号', importProblem: '问题',
  },
  errors: {
    reasons: {
      notSetUp: '尚未完成初始化', officeNotFound: '单位不存在', officeInactive: '所属单位不存在或已停用', bureauAlwaysActive: '县局不能停用', cadreNotFound: '人员不存在',
      areaCode: '$t(validation.areaCode.{{problem}})',
      idNumberFormat: '身份证号应为 18 位（前 17 位数字，末位数字或 X）', idNumberBirthDate: '身份证号中的出生日期无效', idNumberCheck: '身份证号校验位不正确，请核对',
      idNumberBirthMismatch: '出生日期 {{birthDate}} 与身份证号中的 {{idBirthDate}} 不一致', idNumberSaysMale: '性别与身份证号不一致（身份证号为男性）', idNumberSaysFemale: '性别与身份证号不一致（身份证号为女性）',
      idNumberHrOnly: '只有人事干部可以录入或修改身份证号', idNumberTaken: '该身份证号已登记为“{{name}}”',
      workStartFuture: '参加工作时间不能晚于一年以后', workStartBeforeBirth: '参加工作时间不能早于出生日期', joinBeforeWork: '进入本系统时间不能早于参加工作时间',
      rankStartRequired: '请填写任现职级的时间', sgfDateRequired: '请填写实改非的时间',
    },
  },
};

export const enUS: typeof zhCN = {
  nav: { offices: 'Offices & people' },
  offices: {
    title: 'Offices', bureau: 'Bureau', station: 'Station', name: 'Name', code: 'Area code', address: 'Address', phone: 'Phone', kind: 'Kind',
    active: 'Active', inactive: 'Inactive', cadreCount: 'People', newStation: 'New station', editOffice: 'Edit office',
    deactivate: 'Deactivate', activate: 'Activate', confirmDeactivate: 'Deactivate “{{name}}”? No new people or users can be added; history is kept.',
    codeHint: '6-digit administrative area code', tabOffices: 'Offices', tabCadres: 'Cadres',
  },
  cadres: {
    title: 'Cadres', name: 'Name', gender: 'Gender', M: 'Male', F: 'Female', birthDate: 'Date of birth', office: 'Office', post: 'Post',
    status: 'Status', phone: 'Phone', newCadre: 'New cadre', editCadre: 'Edit cadre', searchPlaceholder: 'Search name or post',
    confirmRemove: 'Delete “{{name}}”? The audit log keeps the record.',
    statuses: { active: 'Active', secondment: 'Secondment', leave: 'On leave', second_line: 'Second line', retired: 'Retired', transferred: 'Transferred' },
    registerTitle: 'Cadre register', idNumber: 'ID number', idNumberHint: '18 characters, last may be X; must match birth date and gender', idNumberFormat: 'An ID number has 18 characters',
    idNumberHr: 'HR officers only', workStart: 'Started work', joinDate: 'Joined the system', education: 'Education', politics: 'Political status',
    leadershipPost: 'Leadership post', leadershipPostHint: 'e.g. section head', rank: 'Rank', rankHint: 'e.g. 一级主任科员', rankStart: 'Rank since',
    leadershipStart: 'Leadership since', sgf: 'Leadership → rank', sgfYes: 'Moved to a rank', sgfDate: 'Moved on',
    import: 'Import Excel', importTemplate: 'Import template', importBadFile: 'The file cannot be read: choose an .xlsx workbook',
    importNoHeaders: 'No header row: the first row should name columns such as 姓名, 性别, 出生日期, 所属单位', importPreview: 'Import preview: {{file}}',
    importReady: '{{n}} rows, all checked', importErrors: '{{n}} problems in {{total}} rows. Fix the file and import again; nothing was written',
    importCommit: 'Import {{n}} rows', importDone: 'Imported {{n}} cadres', importRow: 'Row', importProblem: 'Problem',
  },
  errors: {
    reasons: {
      notSetUp: 'The desk has not been set up yet', officeNotFound: 'No such office', officeInactive: 'The office does not exist or has been deactivated', bureauAlwaysActive: 'The county bureau cannot be deactivated', cadreNotFound: 'No such person',
      areaCode: '$t(validation.areaCode.{{problem}})',
      idNumberFormat: 'An ID number has 18 characters: 17 digits, then a digit or X', idNumberBirthDate: 'The date of birth in the ID number is not a real date', idNumberCheck: 'The ID number’s check character is wrong: please check it',
      idNumberBirthMismatch: 'The date of birth {{birthDate}} does not match {{idBirthDate}} in the ID number', idNumberSaysMale: 'The gender does not match the ID number (which is a man’s)', idNumberSaysFemale: 'The gender does not match the ID number (which is a woman’s)',
      idNumberHrOnly: 'Only HR officers may enter or change ID numbers', idNumberTaken: 'This ID number is already registered to “{{name}}”',
      workStartFuture: 'The start of work cannot be more than a year from now', workStartBeforeBirth: 'The start of work cannot be before the date of birth', joinBeforeWork: 'Joining the system cannot be before the start of work',
      rankStartRequired: 'Give the date the current rank started', sgfDateRequired: 'Give the date of the move from leadership post to rank',
    },
  },
};
