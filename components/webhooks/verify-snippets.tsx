import { CodeBlock } from "@/components/ui/code-block.tsx";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs.tsx";

export type Snippet = { id: string; label: string; language: string; fileName: string; code: string };

/** Signature verification for receivers, one tab per language, each copyable. */
export function VerifySnippets({ snippets }: { snippets: Snippet[] }) {
  if (snippets.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        Verification examples are not installed on this server (docs/verify).
      </p>
    );
  }
  return (
    <Tabs defaultValue={snippets[0].id} className="min-w-0">
      <TabsList>
        {snippets.map((s) => (
          <TabsTrigger key={s.id} value={s.id}>
            {s.label}
          </TabsTrigger>
        ))}
      </TabsList>
      {snippets.map((s) => (
        <TabsContent key={s.id} value={s.id} className="min-w-0 pt-2">
          <CodeBlock
            code={s.code}
            language={`${s.language} · ${s.fileName}`}
            label={`${s.label} verification example`}
          />
        </TabsContent>
      ))}
    </Tabs>
  );
}
