export declare const CJK_ALLOWED: string[];
export declare const CJK_BASELINE: string[];
