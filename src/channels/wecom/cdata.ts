/**
 * Wraps `s` in CDATA for WeCom XML. A literal `]]>` would end the section early, so it is split across two
 * sections: the reader concatenates them back into the original text.
 */
export function cdata(s: string): string {
  return `<![CDATA[${s.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}
