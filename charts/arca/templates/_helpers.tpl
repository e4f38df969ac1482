{{/* The labels on every object, as arca install sets them. */}}
{{- define "arca.labels" -}}
app.kubernetes.io/component: server
app.kubernetes.io/name: arca
app.kubernetes.io/part-of: arca
{{- end -}}

{{/* The labels the server's pods are selected by. */}}
{{- define "arca.selector" -}}
app.kubernetes.io/component: server
app.kubernetes.io/name: arca
{{- end -}}
