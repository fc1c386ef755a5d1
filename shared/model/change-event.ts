/** A CloudTrail record (aws-reference.md §5), lifted into the fields the views use. */
export interface ChangeEventResource {
  readonly type?: string;
  readonly name?: string;
  readonly arn?: string;
}

export interface ChangeEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly eventSource: string;
  /** Epoch milliseconds. */
  readonly time: number;
  /** undefined when neither the record nor the lookup said. */
  readonly readOnly: boolean | undefined;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** Who: the user name, role session or principal, in that order of preference. */
  readonly user?: string;
  readonly userArn?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly eventType?: string;
  readonly resources: readonly ChangeEventResource[];
  /** Set when the event is a configuration change per aws-reference.md §6. */
  readonly change?: ChangeInfo;
  /** The CloudTrail record itself, every field kept. */
  readonly record: Readonly<Record<string, unknown>>;
}

export interface ChangeInfo {
  /** The service family of the §6 table, e.g. `lambda`, `apigateway`, `iam`. */
  readonly family: string;
  /** Values to join with X-Ray nodes: function names, REST API ids, table names, role names… */
  readonly joinKeys: readonly { readonly kind: string; readonly value: string }[];
}
