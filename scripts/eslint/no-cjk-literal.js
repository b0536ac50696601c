// Issue 15, "outcomes, not prose": the core and the feature code give the renderer reason keys
// and rule outcomes, and the dictionaries word them. A Chinese string literal in those folders is a
// sentence the English UI cannot translate. Sample data and official print forms are allowed by
// name in eslint.config.js; comments are not literals and stay free.
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]/;

/** @type {import('eslint').Rule.RuleModule} */
export const noCjkLiteral = {
  meta: {
    type: 'problem',
    docs: { description: 'no Chinese text in code: give a reason key (shared/contract/errors.ts fail) or a dictionary key' },
    schema: [],
    messages: { cjk: "Chinese text in code: throw fail(code, reason, params) or return a rule outcome, and word it in the feature's i18n.ts." },
  },
  create(context) {
    const check = (node, text) => {
      if (typeof text === 'string' && CJK.test(text)) context.report({ node, messageId: 'cjk' });
    };
    return {
      Literal: (node) => check(node, node.value),
      TemplateElement: (node) => check(node, node.value.cooked ?? node.value.raw),
      JSXText: (node) => check(node, node.value),
    };
  },
};

export const branchDeskPlugin = { rules: { 'no-cjk-literal': noCjkLiteral } };
