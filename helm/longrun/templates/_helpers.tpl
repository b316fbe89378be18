{{/* Chart name, overridable with nameOverride. */}}
{{- define "longrun.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name; the release name alone when it already contains the chart name. */}}
{{- define "longrun.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "longrun.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "longrun.selectorLabels" -}}
app.kubernetes.io/name: {{ include "longrun.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "longrun.labels" -}}
helm.sh/chart: {{ include "longrun.chart" . }}
{{ include "longrun.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: longrun
{{- end }}

{{- define "longrun.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "longrun.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "longrun.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/* Where the Slurm credential is mounted, and the environment variable that names the file. */}}
{{- define "longrun.slurmCredentialDir" -}}/etc/longrun/slurm{{- end }}

{{/*
Checks the combinations that the schema cannot express. Included by the Deployment, so any
render of the chart fails with one of these messages.
*/}}
{{- define "longrun.validate" -}}
{{- $replicas := int .Values.replicaCount }}
{{- if and (gt $replicas 1) (ne .Values.database.type "postgresql") }}
{{- fail (printf "database.type=%s allows only replicaCount: 1 (got %d): H2 is an embedded single-process database and cannot be shared by several pods. Set replicaCount: 1, or database.type: postgresql with database.url, database.username and database.existingSecret." .Values.database.type $replicas) }}
{{- end }}
{{- if eq .Values.database.type "postgresql" }}
{{- $_ := required "database.url is required when database.type=postgresql (a jdbc:postgresql:// URL)" .Values.database.url }}
{{- $_ := required "database.username is required when database.type=postgresql" .Values.database.username }}
{{- $_ := required "database.existingSecret is required when database.type=postgresql: the name of a Secret holding the password (the chart never takes the password itself)" .Values.database.existingSecret }}
{{- $_ := required "database.passwordKey is required when database.type=postgresql: the key of the password in database.existingSecret" .Values.database.passwordKey }}
{{- end }}
{{- $jwt := .Values.slurm.jwtKey.existingSecret }}
{{- $token := .Values.slurm.token.existingSecret }}
{{- if and $jwt $token }}
{{- fail "slurm.jwtKey.existingSecret and slurm.token.existingSecret are both set: set exactly one Slurm credential (the JWT key to mint per-user tokens, or a ready-made token)." }}
{{- end }}
{{- if not (or $jwt $token) }}
{{- fail "no Slurm credential: set exactly one of slurm.jwtKey.existingSecret (a Secret with slurmrestd's jwt_hs256.key) or slurm.token.existingSecret (a Secret with a slurmrestd token)." }}
{{- end }}
{{- if $jwt }}
{{- $_ := required "slurm.jwtKey.key is required: the key of jwt_hs256.key inside slurm.jwtKey.existingSecret" .Values.slurm.jwtKey.key }}
{{- else }}
{{- $_ := required "slurm.token.key is required: the key of the token inside slurm.token.existingSecret" .Values.slurm.token.key }}
{{- end }}
{{- $_ := required "slurm.restUrl is required: the base URL of slurmrestd" .Values.slurm.restUrl }}
{{- include "longrun.validateSecurity" . }}
{{- end }}

{{/*
longrun.security.* as YAML, from the chart's "security" values: rendered into the ConfigMap's
application.yml (merged under the "config" value, which wins where both set something). Key files are
paths of the Secrets the Deployment mounts; no secret is ever written here.
*/}}
{{- define "longrun.securityDir" -}}/etc/longrun/security{{- end }}
{{- define "longrun.apiKeyDir" -}}/etc/longrun/api-keys{{- end }}
{{- define "longrun.securityConfig" -}}
{{- $s := .Values.security }}
enabled: {{ $s.enabled }}
admins: {{ $s.admins | default list | toJson }}
slurm:
  enabled: {{ $s.slurm.enabled }}
  {{- if $s.slurm.existingSecret }}
  key-file: {{ printf "%s/jwt_hs256.key" (include "longrun.securityDir" .) | quote }}
  {{- else if .Values.slurm.jwtKey.existingSecret }}
  key-file: {{ printf "%s/jwt_hs256.key" (include "longrun.slurmCredentialDir" .) | quote }}
  {{- end }}
oidc:
  {{- with $s.oidc.issuerUri }}
  issuer-uri: {{ . | quote }}
  {{- end }}
  {{- with $s.oidc.jwkSetUri }}
  jwk-set-uri: {{ . | quote }}
  {{- end }}
  audiences: {{ $s.oidc.audiences | default list | toJson }}
  username-claim: {{ $s.oidc.usernameClaim | quote }}
  groups-claim: {{ $s.oidc.groupsClaim | quote }}
  admin-groups: {{ $s.oidc.adminGroups | default list | toJson }}
api-keys:
{{- range $i, $key := $s.apiKeys }}
  - name: {{ $key.name | quote }}
    {{- if $key.existingSecret }}
    key-file: {{ printf "%s/%d/key" (include "longrun.apiKeyDir" $) $i | quote }}
    {{- else }}
    sha256: {{ $key.sha256 | quote }}
    {{- end }}
    users: {{ $key.users | default list | toJson }}
    admin: {{ $key.admin | default false }}
{{- else }} []
{{- end }}
{{- end }}

{{/*
The security settings the schema cannot check: where Slurm tokens are checked from, and one source per API key.
*/}}
{{- define "longrun.validateSecurity" -}}
{{- $s := .Values.security }}
{{- if and $s.enabled $s.slurm.enabled (not $s.slurm.existingSecret) (not .Values.slurm.jwtKey.existingSecret) }}
{{- fail "security.slurm.enabled needs the cluster's jwt_hs256.key to check users' Slurm tokens, and slurm.token gives none: set security.slurm.existingSecret (a Secret with jwt_hs256.key), or security.slurm.enabled: false to accept only OIDC tokens and API keys." }}
{{- end }}
{{- range $i, $key := $s.apiKeys }}
{{- if and $key.existingSecret $key.sha256 }}
{{- fail (printf "security.apiKeys[%d] (%s): set existingSecret or sha256, not both" $i $key.name) }}
{{- end }}
{{- if not (or $key.existingSecret $key.sha256) }}
{{- fail (printf "security.apiKeys[%d] (%s): set existingSecret (a Secret holding the key) or sha256 (the key's hex SHA-256)" $i $key.name) }}
{{- end }}
{{- end }}
{{- end }}
