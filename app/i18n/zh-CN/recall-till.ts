// The few words of recalls (issue 15, decision 041) the till needs. A module of its own: the
// bundler splits by module, so the sell page, importing this, carries none of recall.ts's pages.
export const recallTill = {
  "recall.blocked": "{name} 已被召回，不能出售：{reason}",
};
