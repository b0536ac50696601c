import type { CommonDict } from './zh-CN';

export const enUS: CommonDict = {
  app: { title: 'Branch Office Desk', short: 'Branch Desk' },
  about: { button: 'About', title: 'About this app', name: 'Name', version: 'Version', runtime: 'Running as', desktop: 'Desktop app (Electron {{electron}})', browser: 'Browser mode', dataDir: 'Data folder' },
  common: { close: 'Close',
    save: 'Save', cancel: 'Cancel', create: 'New', edit: 'Edit', delete: 'Delete', confirm: 'OK', search: 'Search',
    range: '{{from}} – {{to}}', listSep: ', ', export: 'Export Excel', exporting: 'Exporting…', exported: 'Exported {{n}} rows', actions: 'Actions', yes: 'Yes', no: 'No',
    loading: 'Loading…', empty: 'No data', refresh: 'Refresh', all: 'All', status: 'Status', reset: 'Reset',
    saved: 'Saved', required: 'Required', back: 'Back', details: 'Details', total: '{{n}} in all', language: '中文',
  },
  errors: {
    reasons: { otherStation: 'You can see and work on your own station’s data only', otherStationWrite: 'You can change your own station’s data only', countyOnly: 'This is done by the county bureau: station accounts cannot do it', notYourRecord: 'You can see your own record only', counsellorOnly: 'Only the counsellor can see and work on this', range: 'Enter a number from {{min}} to {{max}}', integer: 'Enter a whole number ({{min}}–{{max}})', type: 'Enter a number ({{min}}–{{max}})', ladder: 'The rank ladder is malformed: each step needs a target rank, source ranks and years (0–20)', ladderDuplicate: 'The rank ladder lists “{{rank}}” twice', ladderCycle: 'The rank ladder loops at “{{rank}}”', tooYoung: 'Check the birth date: a cadre is at least 16', file_too_large: 'The file is too large: an import file may be at most {{mb}} MB. Split it into several files and import them one by one', empty_file: 'The file is empty (0 bytes): choose an Excel or CSV file with data', pastRetirement: 'Past the statutory retirement date {{retirementDate}}', ownerAndDeputy: 'One person cannot be both the owner and a deputy of a zone', not_backup: 'This file is not a Branch Desk backup and cannot be restored' },
    BAD_INPUT: 'The input is not valid', UNKNOWN_METHOD: 'Unknown operation', UNAUTHENTICATED: 'Please sign in',
    SESSION_EXPIRED: 'Your session expired after inactivity. Please sign in again.', FORBIDDEN: 'Your role may not do this',
    NOT_FOUND: 'The record does not exist or was deleted', CONFLICT: 'Conflicting data', RULE_VIOLATION: 'Not allowed by the rules',
    BAD_CREDENTIALS: 'Wrong username or password', ACCOUNT_LOCKED: 'Too many failed sign-ins. Locked until {{until}}',
    ACCOUNT_DISABLED: 'This account is disabled. Contact the administrator.', WEAK_PASSWORD: 'The password is too weak',
    PASSWORD_CHANGE_REQUIRED: 'Please change your password first', ALREADY_SET_UP: 'Already set up', HUB_UNREACHABLE: 'The sync hub did not answer, or its answer was lost: check the network and try again', DB_KEY_MISSING: 'The database is encrypted and its key was not found: it cannot be opened', DB_KEY_WRONG: 'Wrong key: this database or backup was not encrypted with this desk’s key, or the file is damaged', INTERNAL: 'Internal error. Try again or contact the administrator.',
    NETWORK: 'Cannot reach the local service', BAD_TOKEN: 'Invalid access token. Reopen the app.', FOREIGN_ORIGIN: 'Untrusted origin', BAD_HOST: 'Untrusted host',
    boundary: 'Something went wrong on this page', boundaryHint: 'The error was contained. Go home or reload.', reload: 'Reload',
  },
  password: {
    length: 'At least 10 characters', classes: 'Use at least three of: upper case, lower case, digits, symbols', username: 'Must not contain the username', same: 'Must differ from the old password',
    hint: 'At least 10 characters, three of: upper case, lower case, digits, symbols',
  },
  setup: {
    title: 'First-run setup', intro: 'Welcome. Create the county bureau and the administrator account. There is no default password.',
    stepBureau: 'Bureau', stepJoin: 'Join the county', joinIntro: 'Welcome. Enter the sync hub address and enrolment code from the county bureau, then set up this PC\'s administrator account. There is no default password.', stepAdmin: 'Administrator', stepDone: 'Done',
    bureauName: 'Bureau name', bureauCode: 'Area code', bureauCodeHint: '6 digits, e.g. 330304',
    username: 'Administrator username', displayName: 'Full name', password: 'Password', password2: 'Repeat password', mismatch: 'Passwords differ',
    sample: 'Load sample data', sampleHint: 'A fictional bureau (6 stations, about 60 cadres) to look around.', next: 'Next', prev: 'Back', finish: 'Finish setup',
    done: 'Setup complete. Sign in as the administrator.',
  },
  login: {
    title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', logout: 'Sign out', lockHint: 'Five wrong passwords in a row lock the account for 15 minutes. Ask the administrator to reset a forgotten password.',
    changeTitle: 'Change password', changeIntro: 'Your password was reset. Set a new one to continue.', firstIntro: 'Welcome. Replace the starting password the administrator gave you with one only you know.', oldPassword: 'Old password', newPassword: 'New password', changed: 'Password changed',
  },
  roles: { admin: 'Administrator', chief: 'Station chief', staff: 'Station staff', hr: 'HR officer', counsellor: 'Counsellor' },
  validation: {
    areaCode: { format: 'The area code has 6 digits', province: 'No such province (first two digits)', county: 'Give a county-level code (last two digits not 00)' },
  },
};
