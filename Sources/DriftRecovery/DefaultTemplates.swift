/// The default templates, compiled in so that rendering needs no file outside the repository.
///
/// They are the files of `templates/` at the top of this project, byte for byte (a test checks
/// it); a repository overrides any of them in `.drift/templates/`.
enum DefaultTemplates {
  static let all: [String: String] = [
    "postmortem.md.mustache": #"""
    {{% CONTENT_TYPE: TEXT}}
    # Post-mortem: {{title}}

    | | |
    |---|---|
    | date | {{date}} |
    | source | `{{source}}` |
    | severity | **{{severity}}** |
    | decision | {{decision}}{{#branch}} (branch `{{branch}}`){{/branch}} |
    | desired state | `{{desiredShort}}` ({{desiredRef}}) |
    | live state | {{#snapshotID}}snapshot `{{snapshotShort}}`{{/snapshotID}}{{^snapshotID}}export `{{snapshotFile}}`{{/snapshotID}}{{#capturedAt}}, captured {{capturedAt}}{{/capturedAt}} |
    {{#htmlReport}}
    | report | [{{htmlReport}}]({{htmlReportLink}}): summary, side-by-side diffs and the drift timeline |
    {{/htmlReport}}

    ## Summary

    Live infrastructure deviated from the desired state in git: {{modified}} resource(s) modified,
    {{missing}} missing, {{unmanaged}} unmanaged ({{changeCount}} attribute change(s)).
    {{#decisionText}}{{decisionText}}{{/decisionText}}

    ## Timeline

    {{#hasTimeline}}
    | resource | last clean snapshot | first drifted snapshot | desired commit in force | changed by |
    |---|---|---|---|---|
    {{#timeline}}
    | `{{address}}` | {{lastClean}} | {{firstDrifted}} | {{commit}} | {{actor}} |
    {{/timeline}}
    {{/hasTimeline}}
    {{^hasTimeline}}
    No snapshots were recorded for this source, so the start of the drift is not known. Record
    exports with `git drift snapshot record` to get a timeline next time.
    {{/hasTimeline}}

    ## Impact

    {{#drifts}}
    ### `{{address}}` — {{kind}}, {{severity}}

    {{details}}

    {{#hasChanges}}
    | attribute | desired | live | severity | by | provenance |
    |---|---|---|---|---|---|
    {{#changes}}
    | `{{path}}` | `{{desired}}` | `{{live}}` | {{severity}} | {{actor}} | {{provenance}} |
    {{/changes}}
    {{/hasChanges}}

    {{/drifts}}
    ## Identify

    The desired state is commit `{{desiredShort}}` of this repository, read with `.drift.yml`
    source `{{source}}`. Owners from CODEOWNERS: {{#ownerList}}{{ownerList}}{{/ownerList}}{{^ownerList}}none listed{{/ownerList}}.

    ## Protect

    {{#protect}}
    - {{.}}
    {{/protect}}

    ## Detect

    Found by `git drift check`{{#snapshotID}} against snapshot `{{snapshotShort}}`{{/snapshotID}}. NIST CSF
    subcategories touched: {{csf}}.

    ## Respond

    {{#outOfBand}}
    - Ask {{.}} why the change was made by hand, and whether it should be kept.
    {{/outOfBand}}
    {{#undeployed}}
    - `{{.}}` is running an older desired state: the latest commits were not applied.
    {{/undeployed}}
    {{^outOfBand}}{{^undeployed}}
    - No out-of-band actor was identified.
    {{/undeployed}}{{/outOfBand}}

    ## Recover

    {{decisionText}}

    ## Follow-ups

    {{#followUps}}
    - [ ] {{.}}
    {{/followUps}}

    """#,
    "pull-request.md.mustache": #"""
    {{% CONTENT_TYPE: TEXT}}
    ## Accept live drift of `{{source}}`

    This change makes git state what is running: {{changeCount}} attribute change(s) in
    {{resourceCount}} resource(s), found by `git drift check`{{#snapshotID}} in snapshot `{{snapshotShort}}`{{/snapshotID}}{{#capturedAt}} (captured {{capturedAt}}){{/capturedAt}}.
    {{#hasWarnings}}

    > [!WARNING]
    > These accepted live values break a policy of severity high or above:
    {{#warnings}}
    > - `{{.}}`
    {{/warnings}}
    {{/hasWarnings}}

    ### Accepted changes
    {{#hasRows}}

    | resource | attribute | was in git | now (live) | severity | CSF | by |
    |---|---|---|---|---|---|---|
    {{#rows}}
    | `{{address}}` | `{{path}}` | `{{desired}}` | `{{live}}` | {{severity}} | {{csf}} | {{actor}} |
    {{/rows}}
    {{/hasRows}}
    {{^hasRows}}

    None.
    {{/hasRows}}

    ### Unmanaged resources codified
    {{#hasCodified}}

    {{#codified}}
    - `{{address}}` ({{severity}}; {{csf}}): created by {{actor}}; added as `{{file}}`
    {{/codified}}
    {{/hasCodified}}
    {{^hasCodified}}

    None.
    {{/hasCodified}}

    ### Missing resources removed
    {{#hasRemoved}}

    {{#removed}}
    - `{{address}}` ({{severity}}; {{csf}}): deleted live; removed from `{{file}}`
    {{/removed}}
    {{/hasRemoved}}
    {{^hasRemoved}}

    None.
    {{/hasRemoved}}

    ### Refused
    {{#hasRefused}}

    {{#refused}}
    - {{.}}
    {{/refused}}
    {{/hasRefused}}
    {{^hasRefused}}

    None.
    {{/hasRefused}}

    ### Skipped (undeployed)
    {{#hasSkipped}}

    {{#skipped}}
    - {{.}}
    {{/skipped}}
    {{/hasSkipped}}
    {{^hasSkipped}}

    None.
    {{/hasSkipped}}

    ### Files
    {{#hasFiles}}

    {{#files}}
    - `{{.}}`
    {{/files}}
    {{/hasFiles}}

    {{#ownerList}}Owners: {{ownerList}}

    {{/ownerList}}
    Post-mortem: [`{{postmortem}}`](../blob/{{branch}}/{{postmortem}})

    - [ ] The live values are intended, and should be kept.
    - [ ] Follow-ups from the post-mortem are filed.

    <sub>Generated by git-drift from commit `{{desiredShort}}`.</sub>

    """#,
    "rollback-plan.md.mustache": #"""
    {{% CONTENT_TYPE: TEXT}}
    # Rollback plan: `{{source}}`

    Restores the desired state of commit `{{desiredShort}}` ({{desiredRef}}) over the live state
    {{#snapshotID}}of snapshot `{{snapshotShort}}`{{/snapshotID}}{{^snapshotID}}in `{{snapshotFile}}`{{/snapshotID}}. Steps run in order; destructive steps come last.

    {{#steps}}
    ## {{number}}. {{title}}{{#destructive}} — destructive{{/destructive}}{{#refused}} — not planned{{/refused}}

    {{reason}}
    {{^refused}}

    ```sh
    {{command}}
    ```
    {{/refused}}
    {{#manifest}}

    ```{{language}}
    {{manifest}}
    ```
    {{/manifest}}

    {{/steps}}
    ## Then

    ```sh
    {{verify}}
    ```

    """#,
  ]
}
