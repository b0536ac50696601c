// The users feature's texts: zh-CN first, en-US typed against it (i18n/index.ts merges every feature's).
export const zhCN = {
  nav: { users: '用户管理' },
  users: { usernameRule: '用户名为 2–32 个字符：汉字、字母、数字或 _ . -（不含空格）',
    title: '用户管理', username: '用户名', displayName: '姓名', role: '角色', office: '所属单位', state: '状态', lastLogin: '最近登录',
    enabled: '正常', disabled: '已停用', locked: '已锁定', mustChange: '待改密', newUser: '新建用户', editUser: '编辑用户',
    cadre: '关联干部', cadreHint: '所员编辑本人负责责任区的市场主体时需要', initialPassword: '初始密码', initialPasswordHint: '用户首次登录后须修改密码', resetPassword: '重置密码', newPassword: '新密码',
    resetDone: '密码已重置，用户下次登录时须修改密码', disable: '停用', enable: '启用', unlock: '解锁',
    confirmDisable: '确定停用用户“{{name}}”吗？其当前会话将立即失效。',
  },
};

export const enUS: typeof zhCN = {
  nav: { users: 'Users' },
  users: { usernameRule: 'A username is 2–32 characters: letters (Chinese too), digits or _ . - (no spaces)',
    title: 'Users', username: 'Username', displayName: 'Name', role: 'Role', office: 'Office', state: 'State', lastLogin: 'Last sign-in',
    enabled: 'Active', disabled: 'Disabled', locked: 'Locked', mustChange: 'Must change password', newUser: 'New user', editUser: 'Edit user',
    cadre: 'Cadre', cadreHint: 'Needed for staff to edit businesses in the zones they own', initialPassword: 'Initial password', initialPasswordHint: 'The user must change it at first sign-in', resetPassword: 'Reset password', newPassword: 'New password',
    resetDone: 'Password reset; the user must change it at next sign-in', disable: 'Disable', enable: 'Enable', unlock: 'Unlock',
    confirmDisable: 'Disable user “{{name}}”? Their sessions end at once.',
  },
};
